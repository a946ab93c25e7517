/* DOM helpers. Markup from quiz data (html fields) was rendered and escaped at build time; everything
   else is inserted as text. */

export function h(tag, props, children) {
  var node = document.createElement(tag);
  Object.keys(props || {}).forEach(function (key) {
    var value = props[key];
    if (value === null || value === undefined || value === false) return;
    if (key === "html") node.innerHTML = value;
    else if (key === "text") node.textContent = value;
    else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  });
  (children || []).forEach(function (child) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

export function all(selector, root) {
  return Array.prototype.slice.call((root || document).querySelectorAll(selector));
}

export function jsonIn(root, selector) {
  var node = root.querySelector(selector);
  return node ? JSON.parse(node.textContent) : null;
}

// For whoever listens (records.js, when records are on).
export function emit(type, detail) {
  document.dispatchEvent(new CustomEvent("training:" + type, { detail: detail }));
}

export function plain(html) {
  return h("div", { html: html }).textContent;
}
