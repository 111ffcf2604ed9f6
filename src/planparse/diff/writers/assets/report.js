(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.status-filter'));
  var search = document.getElementById('search');
  var pairs = Array.prototype.slice.call(document.querySelectorAll('article.pair'));
  var shown = document.getElementById('shown');
  function apply() {
    var on = {}, text = search.value.trim(), count = 0;
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    pairs.forEach(function (pair) {
      var wanted = on[pair.dataset.status] || (pair.dataset.moved === 'true' && on.moved);
      var visible = wanted && (!text || pair.textContent.indexOf(text) >= 0);
      pair.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + ' of ' + pairs.length + ' shown';
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  apply();
}());
