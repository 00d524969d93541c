/** A short high beep for a good scan, a low longer one for a bad one (no sound where audio is unavailable). */
export function beep(good: boolean): void {
  try {
    const AudioContextClass = window.AudioContext ?? (window as any).webkitAudioContext;
    if (!AudioContextClass) return;
    const audio = new AudioContextClass();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = good ? 880 : 220;
    gain.gain.value = 0.15;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + (good ? 0.12 : 0.4));
    oscillator.onended = () => audio.close();
  } catch {
    // a browser without audio still shows the colour
  }
}
