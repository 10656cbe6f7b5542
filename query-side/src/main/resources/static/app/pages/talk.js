// Talk to an agent from the browser: the microphone goes to the call's WebSocket as 16 kHz PCM16 (docs/voice.md),
// the agent's audio is played back in order, a `flush` (the caller interrupted) silences it at once.
import { get, post } from '../api.js';
import { h, show, failure } from '../ui.js';

export const routes = { '/talk/:agentId': talk };

const RATE = 16_000;
const FRAME = 320; // 20 ms

async function talk(container, { agentId }, session) {
  const agent = await get(`/api/v1/agents/${agentId}`);
  const status = h('p', { id: 'call-status', role: 'status' }, 'Not connected.');
  const transcript = h('ol', { class: 'transcript live-transcript', id: 'live-transcript', 'aria-live': 'polite' });
  const partial = h('p', { class: 'partial', id: 'partial' });
  const turn = h('p', { id: 'agent-state', role: 'status' });
  const start = h('button', { type: 'button', id: 'start-call' }, 'Start call');
  const hangup = h('button', { type: 'button', id: 'hang-up', class: 'danger', disabled: true }, 'Hang up');
  let call = null;
  let speaking = false; // between agent_speaking and agent_done

  function say(speaker, text, extra) {
    transcript.append(h('li', { class: `turn ${speaker}` },
      h('span', { class: 'speaker' }, speaker === 'agent' ? 'Agent' : 'You'), h('p', {}, text, extra)));
  }

  start.addEventListener('click', async () => {
    start.disabled = true;
    status.textContent = 'Starting the call…';
    try {
      call = await connect(agentId, {
        started: (callId) => {
          status.textContent = 'Connected: speak any time, interrupt the agent by talking over it.';
          hangup.disabled = false;
          container.querySelector('#call-link').replaceChildren(h('a', { href: `#/calls/${callId}`, id: 'open-call' }, 'Open this call'));
        },
        partial: (text) => { partial.textContent = text; },
        final: (text) => { partial.textContent = ''; say('caller', text); },
        agent: (text) => { speaking = true; turn.textContent = 'The agent is speaking…'; say('agent', text); },
        done: () => { speaking = false; turn.textContent = 'Your turn.'; },
        flush: () => {
          if (!speaking) return;
          speaking = false;
          turn.textContent = 'You interrupted: the agent listens.';
          if (transcript.lastElementChild?.classList.contains('agent')) {
            transcript.lastElementChild.querySelector('p').append(h('em', { class: 'interrupted' }, ' (interrupted)'));
          }
        },
        transfer: (number) => say('agent', `Transferring you to ${number}.`),
        ended: (reason) => {
          status.textContent = `Call ended: ${reason.toLowerCase().replaceAll('_', ' ')}.`;
          hangup.disabled = true;
          start.disabled = false;
        },
        error: (message) => { status.textContent = message; },
      });
    } catch (error) {
      status.textContent = `Could not start the call: ${error.message}`;
      start.disabled = false;
    }
  });
  hangup.addEventListener('click', () => call?.hangup());

  show(container,
    h('h1', {}, `Talk to ${agent.configuration.name}`),
    agent.latestVersion ? null : failure(new Error('Publish the agent first: a call runs its latest published version.')),
    session.canWrite ? null : failure(new Error('Viewers cannot start calls.')),
    h('p', {}, `Version v${agent.latestVersion ?? '—'}. Your browser asks for the microphone; use headphones for the best echo cancellation.`),
    h('div', { class: 'actions' }, start, hangup),
    status, turn, h('p', { id: 'call-link' }),
    h('h2', {}, 'Live transcript'), transcript, partial);
  if (!agent.latestVersion || !session.canWrite) start.disabled = true;
  return () => call?.close();
}

async function connect(agentId, on) {
  const started = await post('/api/v1/calls', { agentId });
  const context = new AudioContext({ sampleRate: RATE });
  await context.resume();
  const microphone = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 },
  });
  await context.audioWorklet.addModule('/app/pages/capture-worklet.js');
  const source = context.createMediaStreamSource(microphone);
  const capture = new AudioWorkletNode(context, 'pcm16-capture', { processorOptions: { frame: FRAME } });
  source.connect(capture);

  const socket = new WebSocket(started.websocketUrl);
  socket.binaryType = 'arraybuffer';
  let playing = [];
  let playhead = 0;

  capture.port.onmessage = ({ data }) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(data);
  };
  socket.onmessage = ({ data }) => {
    if (data instanceof ArrayBuffer) {
      const samples = new Int16Array(data);
      const buffer = context.createBuffer(1, samples.length, RATE);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 32768;
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(context.destination);
      playhead = Math.max(playhead, context.currentTime);
      node.start(playhead);
      playhead += buffer.duration;
      playing.push(node);
      node.onended = () => { playing = playing.filter((n) => n !== node); };
      return;
    }
    const message = JSON.parse(data);
    switch (message.type) {
      case 'started': on.started(message.callId || started.callId); break;
      case 'transcript': (message.final ? on.final : on.partial)(message.text); break;
      case 'agent_speaking': on.agent(message.text); break;
      case 'agent_done': on.done(); break;
      case 'flush':
        playing.forEach((node) => node.stop());
        playing = [];
        playhead = context.currentTime;
        on.flush();
        break;
      case 'transfer': on.transfer(message.number); break;
      case 'ended': ended = true; on.ended(message.reason); break;
      case 'error': on.error(message.message); break;
      default: break;
    }
  };
  let closed = false;
  let ended = false;
  function close() {
    if (closed) return;
    closed = true;
    microphone.getTracks().forEach((track) => track.stop());
    capture.port.onmessage = null;
    source.disconnect();
    context.close();
    if (socket.readyState <= WebSocket.OPEN) socket.close();
  }
  socket.onclose = () => {
    close();
    if (!ended) on.ended('CONNECTION_CLOSED');
  };
  socket.onerror = () => on.error('The call connection failed.');
  return {
    hangup() {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'hangup' }));
    },
    close,
  };
}
