// A drawn signature, optional (the typed name is the signature): strokes kept as an SVG path.
(function () {
  var field = document.getElementById("drawn-field");
  var pad = document.getElementById("pad");
  var out = document.getElementById("drawn");
  if (!field || !pad || !out) return;
  field.hidden = false;
  var ctx = pad.getContext("2d");
  var path = [];
  var drawing = false;
  function point(e) {
    var r = pad.getBoundingClientRect();
    var x = Math.round((e.clientX - r.left) * pad.width / r.width);
    var y = Math.round((e.clientY - r.top) * pad.height / r.height);
    return [Math.max(0, Math.min(400, x)), Math.max(0, Math.min(100, y))];
  }
  pad.addEventListener("pointerdown", function (e) {
    drawing = true; var p = point(e); path.push("M" + p[0] + " " + p[1]);
    ctx.beginPath(); ctx.moveTo(p[0], p[1]); pad.setPointerCapture(e.pointerId);
  });
  pad.addEventListener("pointermove", function (e) {
    if (!drawing) return; var p = point(e); path.push("L" + p[0] + " " + p[1]);
    ctx.lineTo(p[0], p[1]); ctx.lineWidth = 2; ctx.strokeStyle = "#1b1f24"; ctx.stroke();
  });
  function end() { drawing = false; out.value = path.join(" ").slice(0, 20000); }
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointerleave", end);
  document.getElementById("pad-clear").addEventListener("click", function () {
    path = []; out.value = ""; ctx.clearRect(0, 0, pad.width, pad.height);
  });
})();
