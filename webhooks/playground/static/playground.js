// The playground's web chat. What the person sends goes to /coba/chat/CHAT/kirim (text, a
// button's data, a location) or /berkas (a selfie, a document), each with a nonce so that a
// resend changes nothing; the chat (both sides) is read back from /pesan after the last id.
// Every text is set as text, never as HTML: it comes from people and from the flows.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var chat = root.dataset.chat;
  var words = JSON.parse(root.dataset.words);
  var list = document.getElementById("messages");
  var keyboard = document.getElementById("keyboard");
  var errorBox = document.getElementById("error");
  var last = "0-0";
  var tagged = {};
  var base = "/coba/chat/" + encodeURIComponent(chat);

  function nonce() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }

  async function answerOf(response) {
    if (response.ok) return null;
    try {
      return (await response.json()).error;
    } catch (e) {
      return response.status + " " + response.statusText;
    }
  }

  // --- reading the chat ---

  // One read at a time, in order: a read asked for during another runs after it.
  var queue = Promise.resolve();

  function read() {
    queue = queue.then(readOnce, readOnce);
    return queue;
  }

  function readOnce() {
    return fetch(base + "/pesan?sejak=" + encodeURIComponent(last))
      .then(function (r) { return r.ok ? r.json() : { messages: [], last: last }; })
      .then(function (body) {
        body.messages.forEach(show);
        last = body.last;
      })
      .catch(function () {});
  }

  function show(message) {
    var item = document.createElement("li");
    if (message.mine) {
      item.className = "mine";
      item.textContent = message.text;
    } else {
      fill(item, message);
    }
    var earlier = message.replaces && tagged[message.replaces];
    if (earlier) {
      earlier.replaceWith(item);
    } else {
      list.appendChild(item);
    }
    if (message.tag) tagged[message.tag] = item;
    if (!message.mine) setKeyboard(message);
    list.scrollTop = list.scrollHeight;
  }

  // Addresses in a reply (a sign-in link) are links; the rest stays text.
  function withLinks(item, text) {
    text.split(/(https?:\/\/[^\s]+)/).forEach(function (part, index) {
      if (index % 2) {
        var link = document.createElement("a");
        link.href = part;
        link.textContent = part;
        link.rel = "noopener";
        item.appendChild(link);
      } else if (part) {
        item.appendChild(document.createTextNode(part));
      }
    });
  }

  function fill(item, reply) {
    item.className = "bot";
    withLinks(item, reply.text);
    var file = reply.photo || reply.document;
    if (file) {
      var url = "data:" + file.mime + ";base64," + file.data;
      if (reply.photo) {
        var image = document.createElement("img");
        image.src = url;
        image.alt = file.name;
        item.appendChild(image);
      } else {
        var link = document.createElement("a");
        link.href = url;
        link.download = file.name;
        link.textContent = "📄 " + file.name;
        item.appendChild(document.createElement("br"));
        item.appendChild(link);
      }
    }
    if (reply.buttons && reply.buttons.length) {
      var box = document.createElement("div");
      box.className = "inline-buttons";
      reply.buttons.forEach(function (row) {
        row.forEach(function (pair) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = pair[0];
          button.addEventListener("click", function () {
            send({ button: pair[1], label: pair[0] });
          });
          box.appendChild(button);
        });
      });
      item.appendChild(box);
    }
  }

  // The reply keyboard stays until a reply removes it or brings another (as on Telegram).
  function setKeyboard(reply) {
    var rows = (reply.keyboard || []).slice();
    if (reply.ask_location) rows.unshift(["📍 " + reply.ask_location]);
    if (!rows.length && !reply.remove_keyboard) return;
    keyboard.textContent = "";
    rows.forEach(function (row) {
      var line = document.createElement("div");
      line.className = "row";
      row.forEach(function (label) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.addEventListener("click", function () {
          if (reply.ask_location && label === "📍 " + reply.ask_location) {
            openMap();
          } else {
            send({ text: label });
          }
        });
        line.appendChild(button);
      });
      keyboard.appendChild(line);
    });
  }

  // --- sending ---

  async function send(body) {
    body.nonce = nonce();
    showError("");
    try {
      var response = await fetch(base + "/kirim", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      showError(await answerOf(response));
    } catch (e) {
      showError(String(e));
    }
    await read();
  }

  async function upload(kind, blob, name) {
    var form = new FormData();
    form.append("jenis", kind);
    form.append("nonce", nonce());
    form.append("berkas", blob, name);
    showError("");
    try {
      var response = await fetch(base + "/berkas", { method: "POST", body: form });
      showError(await answerOf(response));
    } catch (e) {
      showError(String(e));
    }
    await read();
  }

  document.getElementById("compose").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("text");
    var text = input.value;
    if (!text.trim()) return;
    input.value = "";
    send({ text: text });
  });

  function picked(input, kind) {
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (file) upload(kind, file, file.name);
      input.value = "";
    });
  }
  picked(document.getElementById("photo-file"), "foto");
  picked(document.getElementById("document-file"), "dokumen");
  picked(document.getElementById("video-file"), "video");

  // --- the location: a marker on the map, shared live and moved, or a pin ---

  var mapPanel = document.getElementById("map-panel");
  var mapBox = document.getElementById("map");
  var office = L.latLng(Number(mapBox.dataset.lat), Number(mapBox.dataset.lon));
  var map = null;
  var marker = null;
  var sharing = false;

  function openMap() {
    mapPanel.hidden = false;
    if (!map) {
      map = L.map(mapBox, { attributionControl: Boolean(mapBox.dataset.tiles) });
      if (mapBox.dataset.tiles) {
        L.tileLayer(mapBox.dataset.tiles, {
          maxZoom: 19, attribution: mapBox.dataset.attribution,
        }).addTo(map);
      }
      L.control.scale({ imperial: false }).addTo(map);
      map.setView(office, 17);
      L.circleMarker(office, { radius: 6, color: "#0b6e4f" }).addTo(map);
      marker = L.marker(office, { draggable: true, autoPan: true }).addTo(map);
      marker.on("move", distance);
      marker.on("dragend", function () { if (sharing) place(true, true); });
      map.on("click", function (event) { marker.setLatLng(event.latlng); if (sharing) place(true, true); });
    }
    distance();
    mapPanel.scrollIntoView({ block: "nearest" });
  }

  function distance() {
    document.getElementById("distance").textContent =
      Math.round(marker.getLatLng().distanceTo(office)) + " m ↔ 🏢";
  }

  function place(live, edited) {
    var at = marker.getLatLng();
    // As typed: the server says what is wrong with it (0, a negative or a huge number).
    var typed = document.getElementById("accuracy").value;
    var accuracy = typed === "" ? null : Number(typed);
    return send({ location: { lat: at.lat, lon: at.lng, accuracy_m: accuracy, live: live, edited: edited } });
  }

  document.getElementById("open-map").addEventListener("click", openMap);
  document.getElementById("close-map").addEventListener("click", function () { mapPanel.hidden = true; });
  document.getElementById("send-pin").addEventListener("click", function () { place(false, false); });
  document.getElementById("send-live").addEventListener("click", function () {
    sharing = true;
    document.getElementById("stop-live").hidden = false;
    place(true, false);
  });
  document.getElementById("stop-live").addEventListener("click", function (event) {
    sharing = false;
    event.target.hidden = true;
  });
  document.getElementById("use-gps").addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      marker.setLatLng([position.coords.latitude, position.coords.longitude]);
      map.setView(marker.getLatLng());
      document.getElementById("accuracy").value = Math.max(1, Math.round(position.coords.accuracy));
      if (sharing) place(true, true);
    }, function () { showError(words.gps_failed); });
  });

  // --- the selfie: from the camera, or a file (above) ---

  var cameraPanel = document.getElementById("camera-panel");
  var video = document.getElementById("camera");

  function closeCamera() {
    if (video.srcObject) video.srcObject.getTracks().forEach(function (t) { t.stop(); });
    video.srcObject = null;
    cameraPanel.hidden = true;
  }

  document.getElementById("open-camera").addEventListener("click", async function () {
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } });
      cameraPanel.hidden = false;
    } catch (e) {
      showError(words.camera_failed);
    }
  });
  document.getElementById("close-camera").addEventListener("click", closeCamera);
  document.getElementById("take").addEventListener("click", function () {
    var canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    closeCamera();
    canvas.toBlob(function (blob) { upload("foto", blob, "swafoto.jpg"); }, "image/jpeg", 0.9);
  });

  read();
  setInterval(read, 2000); // notices from others (an approval) arrive without a send
})();
