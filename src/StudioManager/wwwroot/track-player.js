// The track player: draws the waveform (peaks from the API) with the played part highlighted, seeks on comment
// markers and times, and a click on the waveform starts a comment at that moment. Uploads (audio, receipts) go to the
// API as a stream. Loaded once by the app shell: it binds what a page shows on the first load and again after each
// enhanced navigation or form post, when Blazor patches the page without running the page's own scripts.
(() => {
  const bound = new WeakSet();
  const once = element => !bound.has(element) && bound.add(element);

  function bind() {
    for (const player of [...document.querySelectorAll('[data-player]')].filter(once)) {
      const audio = player.querySelector('audio');
      const canvas = player.querySelector('canvas');
      const duration = () => audio.duration || parseFloat(player.dataset.duration) || 0;
      let peaks = [];
      const draw = () => {
        const g = canvas.getContext('2d');
        const { width, height } = canvas;
        g.clearRect(0, 0, width, height);
        const played = duration() ? audio.currentTime / duration() : 0;
        const bar = width / Math.max(1, peaks.length);
        peaks.forEach((p, i) => {
          const h = Math.max(1, p * (height - 4));
          g.fillStyle = i / peaks.length < played ? '#5b3cc4' : '#b9b1d9';
          g.fillRect(i * bar, (height - h) / 2, Math.max(1, bar - 0.5), h);
        });
      };
      if (player.dataset.peaks) { peaks = JSON.parse(player.dataset.peaks); draw(); }
      else fetch(player.dataset.waveform, { credentials: 'same-origin' })
        .then(r => (r.ok ? r.json() : { peaks: [] }))
        .then(w => { peaks = w.peaks || []; draw(); });
      audio.addEventListener('timeupdate', draw);
      canvas.addEventListener('click', e => {
        if (!duration()) return;
        const at = Math.round((e.offsetX / canvas.clientWidth) * duration() * 1000) / 1000;
        audio.currentTime = at;
        const form = document.querySelector('[data-comment-form]');
        if (!form) return;
        form.querySelector('input[type=number]').value = at.toFixed(3);
        form.querySelector('textarea').focus();
      });
      player.parentElement.addEventListener('click', e => seek(e, audio));
    }

    for (const form of [...document.querySelectorAll('form[data-upload]')].filter(once)) {
      form.addEventListener('submit', async e => {
        e.preventDefault();
        const error = form.querySelector('[data-upload-error]');
        const progress = form.querySelector('[data-upload-progress]');
        error.hidden = true;
        progress.hidden = false;
        const response = await fetch(form.dataset.upload, {
          method: 'PUT', body: new FormData(form), credentials: 'same-origin',
          headers: { RequestVerificationToken: form.dataset.token },
        });
        progress.hidden = true;
        if (response.ok) { location.reload(); return; }
        const problem = await response.json().catch(() => ({}));
        error.textContent = (problem.errors && Object.values(problem.errors).flat().join(' ')) || problem.detail || problem.title || `Upload failed (${response.status}).`;
        error.hidden = false;
      });
    }
  }

  function seek(e, audio) {
    const target = e.target.closest('[data-seek]');
    if (!target || !audio) return;
    audio.currentTime = parseFloat(target.dataset.seek);
    audio.play().catch(() => {});
  }
  document.addEventListener('click', e => { if (!e.target.closest('[data-player]')) seek(e, document.querySelector('[data-player] audio')); });
  bind();
  window.Blazor?.addEventListener('enhancedload', bind);
})();
