const p=JSON.parse(require("fs").readFileSync(process.argv[2],"utf8"));
const byId=new Map(p.nodes.map(n=>[n.id,n]));const parent=new Map();
for(const n of p.nodes)for(const c of n.children||[])parent.set(c,n.id);
const dt=p.timeDeltas;const counts=new Map();
p.samples.forEach((s,i)=>counts.set(s,(counts.get(s)||0)+(dt[i]||0)));
const key=n=>n.callFrame.functionName+" "+n.callFrame.url.split("/").slice(-2).join("/")+":"+n.callFrame.lineNumber;
const self=new Map(),incl=new Map();let total=0;
for(const [id,t] of counts){const n=byId.get(id);self.set(key(n),(self.get(key(n))||0)+t);total+=t;
 const seen=new Set();let cur=id;while(cur){const k=key(byId.get(cur));if(!seen.has(k)){seen.add(k);incl.set(k,(incl.get(k)||0)+t)}cur=parent.get(cur)}}
console.log("total ms",total/1000);
console.log("--self");[...self].sort((a,b)=>b[1]-a[1]).slice(0,20).forEach(([k,t])=>console.log((t/1000).toFixed(1),k));
console.log("--incl");[...incl].sort((a,b)=>b[1]-a[1]).slice(0,45).forEach(([k,t])=>console.log((t/1000).toFixed(1),k));
