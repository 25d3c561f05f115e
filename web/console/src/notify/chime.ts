/**
 * A short two-note chime made with WebAudio (no audio file to ship or allow in the CSP). Browsers
 * only let audio start after a user gesture, so the context is created on the first click or key
 * press and reused.
 */
export class Chime {
  private context: AudioContext | null = null;
  private readonly unlock = () => {
    this.ensureContext();
    this.removeListeners();
  };

  constructor() {
    window.addEventListener('pointerdown', this.unlock);
    window.addEventListener('keydown', this.unlock);
  }

  dispose(): void {
    this.removeListeners();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private removeListeners(): void {
    window.removeEventListener('pointerdown', this.unlock);
    window.removeEventListener('keydown', this.unlock);
  }

  play(): void {
    const context = this.ensureContext();
    if (!context || context.state !== 'running') return;
    const start = context.currentTime;
    [880, 1318.5].forEach((frequency, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const at = start + i * 0.12;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.15, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.3);
    });
  }

  private ensureContext(): AudioContext | null {
    if (!this.context) {
      try {
        this.context = new AudioContext();
      } catch {
        return null;
      }
    }
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
    return this.context;
  }
}
