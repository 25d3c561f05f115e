import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

/** Session states as stored (upper-case already), so views pass through unchanged. */
export const IntegrationSessionStateEnum = {
  CONNECTING: 'CONNECTING',
  QR_REQUIRED: 'QR_REQUIRED',
  READY: 'READY',
  NEEDS_RELINKING: 'NEEDS_RELINKING',
  ERROR: 'ERROR',
} as const;

registerEnumType(IntegrationSessionStateEnum, {
  name: 'IntegrationSessionState',
  description:
    'CONNECTING: starting or reconnecting; QR_REQUIRED: scan `qr` to link; READY: replies go out; NEEDS_RELINKING: the phone logged out, scan `qr` to link again (replies wait); ERROR: fix the settings, then relinkIntegration.',
});

@ObjectType('IntegrationSession', {
  description:
    'The long-lived session of a connector that keeps one (WhatsApp Web): its state and, while linking, the QR code to scan. Admins only.',
})
export class IntegrationSessionModel {
  @Field(() => ID) integrationId!: string;
  @Field(() => IntegrationSessionStateEnum) state!: string;
  @Field(() => String, { nullable: true, description: 'What is going on, in plain words.' })
  detail!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The raw QR string while QR_REQUIRED or NEEDS_RELINKING (render it as a QR code); null otherwise. It changes about every 20 s.',
  })
  qr!: string | null;
  @Field() updatedAt!: Date;
}
