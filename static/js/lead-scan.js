// A booth's scan page (templates/showcase/scan.html), made for a phone: a badge read by the camera
// (static/js/qr-camera.js) or typed by a hand scanner goes to the booth's scan API. The answer names the
// visitor; when they did not agree beforehand, the staff ask them and tap their answer, which sends the
// same code again with it. Once a lead is kept, a rating and a note go with the same code too.
(function () {
  "use strict";
  var page = document.getElementById("lead-scan");
  if (!page) { return; }
  var data = page.dataset;
  var codeInput = document.getElementById("code");
  var result = document.getElementById("result");
  var ask = result.querySelector("[data-result-ask]");
  var rateForm = document.getElementById("rate-form");
  var rateError = document.getElementById("rate-error");
  var noteInput = document.getElementById("note");
  var busy = false;
  // The code of the visitor the screen is about (asked, or kept: the rating and note go with it).
  var current = "";
  // Focus goes back to the code field after a typed scan only: on a phone, it would open the keyboard.
  var typed = false;

  function post(body) {
    return fetch(data.api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": data.csrf, "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) { return response.json(); });
  }

  function text(selector, value) { result.querySelector(selector).textContent = value || ""; }

  function resetRating() {
    rateForm.reset();
    rateError.hidden = true;
  }

  function show(answer) {
    var outcome = answer.result || "refused";
    result.hidden = false;
    result.className = "lead-scan-result result-" + outcome;
    result.dataset.result = answer.error ? "error" : outcome;
    text("[data-result-message]", answer.message || answer.error);
    var visitor = answer.visitor;
    text("[data-result-name]", visitor ? visitor.name : "");
    ask.hidden = outcome !== "ask";
    var kept = outcome === "stored" || outcome === "updated";
    // What the booth keeps (the fair's allowed fields) once it keeps it; the name, first, is shown above.
    var details = kept && answer.lead ? answer.lead.details.slice(1) : [];
    text("[data-result-detail]", details.map(function (item) { return item.value; }).filter(Boolean).join(" · "));
    if (kept && answer.lead) {
      rateForm.hidden = false;
      rateForm.querySelector('input[name="rating"][value="' + (answer.lead.rating || "") + '"]').checked = true;
      noteInput.value = answer.lead.note || "";
    } else if (!answer.error) {
      rateForm.hidden = true;
    }
    if (typeof answer.count === "number") {
      page.querySelector("[data-lead-count]").textContent = answer.count;
    }
  }

  function failed() {
    show({result: "refused", message: data.textNetwork});
  }

  function send(body) {
    if (busy) { return Promise.resolve(); }
    busy = true;
    return post(body).then(function (answer) { show(answer); return answer; }, failed).then(function (answer) {
      busy = false;
      if (typed) { codeInput.focus(); }
      return answer;
    });
  }

  function scan(code) {
    current = code;
    resetRating();
    return send({code: code});
  }

  document.getElementById("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    codeInput.value = "";
    typed = true;
    if (code) { scan(code); }
  });

  ask.addEventListener("click", function (event) {
    var button = event.target.closest("[data-consent]");
    if (button && current) { send({code: current, consent: button.dataset.consent}); }
  });

  rateForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!current) { return; }
    var chosen = rateForm.querySelector('input[name="rating"]:checked');
    var rating = chosen && chosen.value ? parseInt(chosen.value, 10) : null;
    rateError.hidden = true;
    if (busy) { return; }
    busy = true;
    post({code: current, rating: rating, note: noteInput.value}).then(function (answer) {
      if (answer.error) {
        rateError.hidden = false;
        rateError.textContent = answer.error;
      } else {
        show(answer);
        if (answer.result === "updated") { text("[data-result-message]", data.textSaved); }
      }
    }, failed).then(function () {
      busy = false;
      if (typed) { codeInput.focus(); }
    });
  });

  window.ConveneQrCamera({
    toggle: document.getElementById("camera-toggle"), video: document.getElementById("camera"),
    message: document.getElementById("camera-message"), textStart: data.textCameraStart,
    textStop: data.textCameraStop, textOff: data.textCameraOff,
    onCode: function (code) {
      // The same badge still in view while the staff type a note: not scanned again.
      if (code === current) { return; }
      typed = false;
      scan(code);
    }
  });
}());
