(function(){
var boxes=Array.prototype.slice.call(document.querySelectorAll('input.status-filter'));
var search=document.getElementById('search');
var groups={};
document.querySelectorAll('svg g.lineage').forEach(function(g){
  (groups[g.dataset.lineage]=groups[g.dataset.lineage]||[]).push(g);
  g.addEventListener('click',function(){show(g.dataset.lineage);});
});
function apply(){
  var on={};boxes.forEach(function(b){if(b.checked)on[b.value]=true;});
  var q=search.value.trim().toLowerCase();
  document.querySelectorAll('section.lineage-detail').forEach(function(s){
    var ok=s.dataset.status.split(' ').some(function(x){return on[x];})&&
      (!q||s.textContent.toLowerCase().indexOf(q)>=0);
    s.hidden=!ok;
    (groups[s.dataset.lineage]||[]).forEach(function(g){g.classList.toggle('hidden',!ok);});
  });
}
function highlight(){
  document.querySelectorAll('.lineage-detail.highlight').forEach(function(s){s.classList.remove('highlight');});
  var s=location.hash&&document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if(s&&s.classList.contains('lineage-detail')){s.classList.add('highlight');return s;}
}
function show(id){
  location.hash='lineage-'+id;
  var s=highlight();if(s){s.hidden=false;s.scrollIntoView({block:'start'});}
}
boxes.forEach(function(b){b.addEventListener('change',apply);});
search.addEventListener('input',apply);
window.addEventListener('hashchange',highlight);
highlight();
})();
