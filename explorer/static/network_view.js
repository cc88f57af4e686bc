// The explorer's network drawing (explorer/network_view.py): vis-network, loaded just above
// this code from the copy pyvis ships, never from the internet. Clicks go back to Python:
//   selected  (state)    the node or link clicked last and every node selected (ctrl-click
//                        adds): {view, id, nodes: [id…]}, null for the background
//   expand    (trigger)  a node double-clicked: {view, id}
//   pinned    (state)    where the user dragged nodes to: {view, at: {id: [x, y]}}
//   export    (trigger)  the drawing as a picture: {view, format: "png", data: "data:image/png…"}
//                        or {view, format: "svg" | "chart", at: {id: [x, y]}} (Python draws
//                        those from the same data, at the positions shown)
// Every text (labels, tooltips) reaches the page as data and is set with textContent: a
// name from a case file can never add markup or script.

const KEEP = "__dismarkNetwork";
// Link labels show at any zoom when hovered, and all of them from this zoom on: close up
// they have room, from afar 19 overlapping capitals around a hub say nothing.
const LINK_LABELS_FROM = 1.5;

function tooltip(tip) {
  // {heading, lines: [text], rows, provenance: [[name, value]]} -> an element of text only
  const box = document.createElement("div");
  box.className = "dm-tip";
  const heading = document.createElement("strong");
  heading.textContent = tip.heading;
  box.appendChild(heading);
  for (const line of tip.lines) {
    const div = document.createElement("div");
    div.textContent = line;
    box.appendChild(div);
  }
  const rows = [...tip.rows.map((r) => [...r, false]), ...(tip.provenance || []).map((r) => [...r, true])];
  if (rows.length) {
    const table = document.createElement("table");
    for (const [name, value, provenance] of rows) {
      const row = table.insertRow();
      const cell = row.insertCell();
      if (provenance) {
        const em = document.createElement("em");
        em.textContent = name;
        cell.appendChild(em);
      } else {
        cell.textContent = name;
      }
      row.insertCell().textContent = value;
    }
    box.appendChild(table);
  }
  return box;
}

function withTooltips(items) {
  return items.map((item) => (item.tip ? { ...item, title: tooltip(item.tip), tip: undefined } : item));
}

function button(bar, text, help, action) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = help;
  b.addEventListener("click", action);
  bar.appendChild(b);
  return b;
}

function labelsOnHover(options) {
  // Link labels, and the node labels left out for want of room (size 0), show when the
  // item is hovered or selected: 19 overlapping capitals around a hub say nothing.
  const show = (size) => (values, id, selected, hovering) => {
    if (selected || hovering) { values.size = Math.max(values.size, size); values.color = "#202020"; }
  };
  return {
    ...options,
    nodes: { ...(options.nodes || {}), chosen: { node: true, label: show(13) } },
    edges: { ...(options.edges || {}), chosen: { edge: true, label: show(12) } },
  };
}

function build(root, data, component) {
  const frame = document.createElement("div");
  frame.className = "dm-frame";
  const bar = document.createElement("div");
  bar.className = "dm-bar";
  const canvas = document.createElement("div");
  canvas.className = "dm-canvas";
  canvas.style.height = `${data.height}px`;
  frame.append(bar, canvas);
  root.appendChild(frame);
  const state = { frame, canvas, view: null, network: null, data, component };
  button(bar, "Fit", "Show the whole drawing", () => state.network && state.network.fit());
  button(bar, "Full screen", "Fill the screen with the drawing (Esc to leave)", () => {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { frame.requestFullscreen(); }
  });
  if (data.pictures) {
    button(bar, "PNG", "Save the drawing as a picture (logged as a disclosure)", () => {
      const picture = canvas.querySelector("canvas");
      if (picture) {
        state.component.setTriggerValue("export", { view: state.view, format: "png", data: picture.toDataURL("image/png") });
      }
    });
    for (const [format, text, help] of [
      ["svg", "SVG", "Save the drawing as a vector picture (logged as a disclosure)"],
      ["chart", "Chart", "A one-page printable chart: the drawing, its legend, the selection's provenance, who and why (logged as a disclosure)"],
    ]) {
      button(bar, text, help, () => state.network && state.component.setTriggerValue("export", {
        view: state.view, format, at: positions(state.network),
        // the labels left out for want of room stay out of the picture too
        unlabelled: state.nodes.get().filter((n) => n.font && n.font.size === 0).map((n) => n.id),
        selected: state.network.getSelectedNodes(),
      }));
    }
  }
  const hint = document.createElement("span");
  hint.className = "dm-hint";
  hint.textContent = "Click: card · ctrl-click: select several · double-click: expand · drag: pin";
  bar.appendChild(hint);
  return state;
}

function declutter(network, nodes) {
  // Keep a node's label only where it overlaps no label that matters more (``rank``, 0
  // first) and no other node's shape; the others are drawn at size 0, shown on hover or
  // selection. Measured on the canvas as vis-network lays the labels out, so no two drawn
  // labels overlap, and none hides a node, at any zoom.
  const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const shapes = [];
  for (const id of nodes.getIds()) {
    const body = network.body.nodes[id];
    const half = body.shape.width ? [body.shape.width / 2, body.shape.height / 2]
      : [body.options.size, body.options.size];
    shapes.push([id, [body.x - half[0], body.y - half[1], body.x + half[0], body.y + half[1]]]);
  }
  const placed = [];
  const hidden = [];
  for (const item of nodes.get().filter((n) => n.label).sort((a, b) => a.rank - b.rank)) {
    const size = network.body.nodes[item.id].labelModule.size;
    const box = [size.left, size.top, size.left + size.width, size.top + size.height];
    const inside = network.body.nodes[item.id].options.shape === "box";  // a group's own label
    if (placed.some((other) => overlaps(other, box))
        || (!inside && shapes.some(([id, shape]) => id !== item.id && overlaps(shape, box)))) {
      hidden.push({ id: item.id, font: { ...(item.font || {}), size: 0 } });
    } else {
      placed.push(box);
    }
  }
  nodes.update(hidden);
}

function positions(network) {
  const at = {};
  for (const [id, p] of Object.entries(network.getPositions())) at[id] = [Math.round(p.x), Math.round(p.y)];
  return at;
}

function draw(state, data) {
  const vis = globalThis.vis;
  state.canvas.style.height = `${data.height}px`;
  const nodes = new vis.DataSet(withTooltips(data.nodes));
  const edges = new vis.DataSet(withTooltips(data.edges));
  if (state.network) { state.network.destroy(); }
  const network = new vis.Network(state.canvas, { nodes, edges }, labelsOnHover(data.options));
  state.network = network;
  state.nodes = nodes;
  state.view = data.view;
  network.on("click", (event) => {
    // with ctrl held, vis-network adds the node to the selection: the card shows the one
    // clicked, the page offers paths between all of them
    const clicked = network.getNodeAt(event.pointer.DOM) || event.edges[0] || null;
    const id = clicked && (event.nodes.includes(clicked) || event.edges.includes(clicked)) ? clicked : event.nodes[0] || event.edges[0] || null;
    state.component.setStateValue("selected", id ? { view: state.view, id, nodes: event.nodes } : null);
  });
  let linkLabels = false;
  network.on("zoom", () => {
    const wanted = network.getScale() >= LINK_LABELS_FROM;
    if (wanted !== linkLabels) {
      linkLabels = wanted;
      edges.update(edges.getIds().map((id) => ({ id, font: { size: wanted ? 11 : 0 } })));
      state.canvas.dataset.linkLabels = wanted ? "1" : "0";
    }
  });
  const dragged = {};
  network.on("dragEnd", (event) => {
    if (!event.nodes.length) return;
    for (const [id, p] of Object.entries(network.getPositions(event.nodes))) dragged[id] = [Math.round(p.x), Math.round(p.y)];
    state.component.setStateValue("pinned", { view: state.view, at: { ...dragged } });
  });
  network.on("doubleClick", (event) => {
    if (event.nodes[0]) {
      state.component.setTriggerValue("expand", { view: state.view, id: event.nodes[0] });
    }
  });
  if (data.selected && data.selected.length) {
    const nodes = data.selected.filter((id) => id.startsWith("n"));
    const edges = data.selected.filter((id) => id.startsWith("e"));
    network.setSelection({ nodes, edges }, { unselectAll: true, highlightEdges: false });
  }
  // Labels are measured once vis-network has drawn them; then the drawing is ready.
  state.frame.dataset.ready = "0";
  network.once("afterDrawing", () => {
    declutter(network, nodes);
    // A marker for tests and for people: the drawing is there and how much it shows.
    state.canvas.dataset.nodes = String(data.nodes.length);
    state.canvas.dataset.edges = String(data.edges.length);
    state.canvas.dataset.view = data.view;
    state.frame.dataset.ready = "1";
  });
}

export default function (component) {
  const { data, parentElement } = component;
  let state = parentElement[KEEP];
  if (!state) {
    state = build(parentElement, data, component);
    parentElement[KEEP] = state;
  }
  state.component = component;
  if (state.view !== data.view) {
    draw(state, data);
  }
  return () => {
    if (state.network) { state.network.destroy(); }
    parentElement[KEEP] = undefined;
    state.frame.remove();
  };
}
