import { JobHandlerRegistry, JobRegistrationError } from './job-handler.registry';

const noop = async () => undefined;

describe('JobHandlerRegistry', () => {
  function complete(): JobHandlerRegistry {
    const registry = new JobHandlerRegistry();
    registry.register('routing', { 'route-conversations': noop, 'assign-queued': noop });
    registry.register('delivery', { 'deliver-message': noop, 'download-media': noop });
    return registry;
  }

  it('accepts exactly one handler per catalogued job', () => {
    expect(() => complete().assertComplete()).not.toThrow();
  });

  it.each([
    ['a missing handler', (r: JobHandlerRegistry) => r, /delivery\/deliver-message has no handler/, false],
    [
      'a second handler',
      (r: JobHandlerRegistry) => (r.register('delivery', { 'deliver-message': noop }), r),
      /two handlers/,
      true,
    ],
    [
      'an unknown job',
      (r: JobHandlerRegistry) => (r.register('delivery', { 'send-fax': noop }), r),
      /not in QUEUES/,
      true,
    ],
  ])('stops boot on %s', (_name, mutate, message, startComplete) => {
    const registry = startComplete ? complete() : new JobHandlerRegistry();
    if (!startComplete) registry.register('routing', { 'route-conversations': noop, 'assign-queued': noop });
    expect(() => mutate(registry).assertComplete()).toThrow(JobRegistrationError);
    expect(() => mutate(registry).assertComplete()).toThrow(message);
  });
});
