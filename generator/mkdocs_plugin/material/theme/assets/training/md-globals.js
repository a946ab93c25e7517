/* Material's inline start-up script (partials/javascripts/base.html, mkdocs-material 9.8.1), served as a
   file so that the Content-Security-Policy can forbid inline scripts. The scope comes from the tag's
   data-scope attribute. tests/test_publish.py fails when Material's partial changes. */
__md_scope=new URL(document.currentScript.getAttribute("data-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
