// Keeps a background job's progress bar up to date (templates/registration/manage/_job.html) until
// the job is done, then shows its download link.
(function () {
  "use strict";
  document.querySelectorAll("[data-job-url]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var polls = 0;
    function poll() {
      polls += 1;
      if (polls > 1800) { return; }  // half an hour: the job is taken for dead; reloading the page shows it
      fetch(box.dataset.jobUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (job) {
          bar.value = job.percent;
          bar.textContent = job.percent + "%";
          var line = box.querySelector("[data-job-text]");
          line.textContent = line.dataset.pattern.replace("{status}", job.label).replace("{done}", job.done)
            .replace("{total}", job.total);
          if (job.download_url) {
            box.querySelector("[data-job-download]").href = job.download_url;
            box.querySelector("[data-job-done]").hidden = false;
          }
          box.querySelector("[data-job-error]").hidden = job.status !== "failed";
          var stuck = box.querySelector("[data-job-stuck]");
          stuck.hidden = !job.waiting_for_worker;
          stuck.textContent = job.waiting_for_worker ? stuck.dataset.text : "";
          if (job.status !== "done" && job.status !== "failed") { setTimeout(poll, 1000); }
        }, function () { setTimeout(poll, 5000); });
    }
    poll();
  });
}());
