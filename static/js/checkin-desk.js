// The check-in desk (templates/registration/desk.html): scans from a USB or Bluetooth scanner (which
// types the code and presses Enter), from the camera (static/js/qr-camera.js), or a search
// by name; each goes to the check-in API and the answer fills the screen. Keyboard only works
// throughout: focus returns to the scan field after every answer. In practice mode (data-practice)
// every request says so, and the server keeps those scans apart: they are never attendance.
(function () {
  "use strict";
  var desk = document.getElementById("desk");
  if (!desk) { return; }
  var data = desk.dataset;
  var codeInput = document.getElementById("code");
  var result = document.getElementById("result");
  var busy = false;

  function post(url, body) {
    body.event = data.event;
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": data.csrf, "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) { return response.json(); });
  }

  function get(url, params) {
    params.event = data.event;
    var query = Object.keys(params).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    return fetch(url + "?" + query, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); });
  }

  function text(selector, value) { result.querySelector(selector).textContent = value || ""; }

  // People's names, organisations and countries are typed in any script: each goes in its own <bdi>, so
  // that an Arabic name on an English desk (or a Latin one on an Arabic desk) keeps its own order and
  // does not reorder the words and dots around it.
  function isolated(value) {
    var element = document.createElement("bdi");
    element.textContent = value;
    return element;
  }

  function isolatedList(element, values) {
    values.filter(Boolean).forEach(function (value, index) {
      if (index) { element.appendChild(document.createTextNode(" · ")); }
      element.appendChild(isolated(value));
    });
  }

  function showCounts(counts) {
    var checked = desk.querySelector("[data-count-checked]");
    if (!counts || !checked) { return; }  // no count on a day that is not the event's
    checked.textContent = counts.checked_in;
    desk.querySelector("[data-count-expected]").textContent = counts.expected;
  }

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function printLink(url) {
    var link = document.createElement("a");
    link.className = "button";
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = data.textPrint;
    return link;
  }

  function show(answer) {
    result.hidden = false;
    result.className = "desk-result result-" + (answer.result || "invalid") + (answer.practice ? " result-practice" : "");
    result.dataset.result = answer.result || "error";
    text("[data-result-label]", answer.label || answer.error);
    var person = answer.registration;
    var name = result.querySelector("[data-result-name]");
    name.textContent = "";
    if (person) { name.appendChild(isolated(person.name)); }
    var detail = result.querySelector("[data-result-detail]");
    detail.textContent = "";
    if (person) { isolatedList(detail, [person.organisation, person.country_name, person.participant_category_label || person.category_label]); }
    var reason = answer.reason || "";
    if (answer.result === "already" && answer.checkin) {
      reason += " " + data.textAt.replace("{time}", answer.checkin.local_time)
        .replace("{by}", answer.checkin.by || answer.checkin.device || "—");
    }
    text("[data-result-reason]", reason);
    var actions = result.querySelector("[data-result-actions]");
    actions.textContent = "";
    if (answer.result === "ok" && answer.checkin) {
      actions.appendChild(button(data.textUndo, function () { undo(answer.checkin); }));
    }
    if (person && person.badge_url) {
      actions.appendChild(printLink(person.badge_url));
    }
    showCounts(answer.counts);
  }

  function failed() {
    show({result: "invalid", label: data.textNetwork, reason: ""});
  }

  function checkIn(body) {
    if (busy) { return Promise.resolve(); }
    busy = true;
    if (data.session) { body.session = parseInt(data.session, 10); }
    if (data.practice) { body.practice = true; }
    return post(data.api, body).then(show, failed).then(function () {
      busy = false;
      codeInput.value = "";
      codeInput.focus();
    });
  }

  function undo(record) {
    // Everything the scan made: a first scan at a session also checked the person in for the day.
    post(data.undo, {checkin: record.id, made: record.made}).then(function (answer) {
      if (answer.error) { show({result: "invalid", label: answer.error}); return; }
      show({result: "undone", label: data.textUndone, registration: answer.registration, counts: answer.counts});
    }, failed).then(function () { codeInput.focus(); });
  }

  document.getElementById("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    if (code) { checkIn({code: code}); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { codeInput.value = ""; codeInput.focus(); }
  });

  // Search by name, for someone without a badge.
  var searchInput = document.getElementById("search-q");
  var found = document.getElementById("search-results");
  function search() {
    var query = searchInput.value.trim();
    if (!query) { return; }
    var params = {q: query};
    if (data.session) { params.session = data.session; }
    get(data.search, params).then(function (answer) {
      found.textContent = "";
      var people = answer.registrations || [];
      if (!people.length) {
        var none = document.createElement("li");
        none.textContent = answer.error || data.textNone;
        found.appendChild(none);
      }
      people.forEach(function (person) {
        var item = document.createElement("li");
        var name = document.createElement("strong");
        name.appendChild(isolated(person.name));
        item.appendChild(name);
        item.appendChild(document.createTextNode(" "));
        isolatedList(item, [person.organisation, person.status_label]);
        item.appendChild(document.createTextNode(" "));
        if (person.checkin) {
          item.appendChild(document.createTextNode("· " + data.textHere + " "));
        } else if (person.status === "confirmed" && !person.has_seat) {
          item.appendChild(document.createTextNode("· " + data.textNoSeat + " "));
        } else if (person.status === "confirmed") {
          var checkInButton = button((data.practice ? data.textPractice : data.textCheckIn) + " — ", function () {
            checkIn({registration: person.id}).then(search);  // the list shows them checked in
          });
          checkInButton.appendChild(isolated(person.name));
          item.appendChild(checkInButton);
        }
        if (person.badge_url) { item.appendChild(printLink(person.badge_url)); }
        found.appendChild(item);
      });
    }, failed);
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });

  // The live count, also when another desk checks people in.
  setInterval(function () {
    var params = data.session ? {session: data.session} : {};
    if (data.practice) { params.practice = "true"; }
    get(data.status, params).then(function (answer) { showCounts(answer.counts); }, function () {});
  }, 15000);

  // The camera (static/js/qr-camera.js): a code it reads is checked in like a typed one.
  window.ConveneQrCamera({
    toggle: document.getElementById("camera-toggle"), video: document.getElementById("camera"),
    message: document.getElementById("camera-message"), textStart: data.textCameraStart,
    textStop: data.textCameraStop, textOff: data.textCameraOff,
    onCode: function (code) { checkIn({code: code}); }
  });
}());
