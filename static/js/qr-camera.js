// The camera as a badge reader, for the pages that scan badges (the check-in desk, a booth's scan page).
// Frames are decoded on the device by the vendored jsQR (static/js/vendor/jsQR.js, loaded before this
// file): only the decoded text leaves it. A badge held up stays in view for a while, so each code is
// passed on once, and again only after a pause.
(function () {
  "use strict";

  // options: toggle (the button that starts and stops it), video, message (where a refusal is said),
  // textStart, textStop, textOff (the button's two labels, and why the camera cannot be used), onCode.
  window.ConveneQrCamera = function (options) {
    var toggle = options.toggle, video = options.video, message = options.message;
    var canvas = document.createElement("canvas");
    var stream = null, lastCode = "", lastAt = 0;

    function stop() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.hidden = true;
      toggle.textContent = options.textStart;
    }

    function refuse() {
      stop();
      message.hidden = false;
      message.textContent = options.textOff;
    }

    function scanFrame() {
      if (!stream) { return; }
      if (video.readyState >= 2 && video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        var context = canvas.getContext("2d", {willReadFrequently: true});
        context.drawImage(video, 0, 0);
        var frame = context.getImageData(0, 0, canvas.width, canvas.height);
        var decoded = window.jsQR && window.jsQR(frame.data, frame.width, frame.height,
                                                 {inversionAttempts: "dontInvert"});
        var now = Date.now();
        if (decoded && decoded.data && (decoded.data !== lastCode || now - lastAt > 4000)) {
          lastCode = decoded.data;
          lastAt = now;
          options.onCode(decoded.data);
        }
      }
      setTimeout(scanFrame, 200);
    }

    toggle.addEventListener("click", function () {
      if (stream) { stop(); return; }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { refuse(); return; }
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        message.hidden = true;
        toggle.textContent = options.textStop;
        return video.play().then(scanFrame);
      }).catch(refuse);
    });

    return {stop: stop, isOn: function () { return stream !== null; }};
  };
}());
