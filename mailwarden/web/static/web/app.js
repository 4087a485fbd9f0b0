// mailwarden panel: progressive enhancement only; every page works without this file.
"use strict";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

function generatePassword(length) {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (n) => ALPHABET[n % ALPHABET.length]).join("");
}

// A rough estimate (bits of a random pick from the character classes used), for the hint
// only: the server's rules decide what is accepted.
function strength(value) {
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/[0-9]/.test(value)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(value)) pool += 33;
  const bits = value.length * Math.log2(Math.max(pool, 1));
  if (!value) return "";
  if (bits < 50) return "weak";
  if (bits < 80) return "fair";
  return "strong";
}

function enhancePassword(input) {
  const tools = document.createElement("div");
  tools.className = "password-tools";
  const hint = document.createElement("span");
  hint.className = "strength";
  hint.setAttribute("aria-live", "polite");
  const words = input.dataset;
  const update = () => {
    const level = strength(input.value);
    hint.className = "strength " + level;
    hint.textContent = level ? words.labelStrength + " " + words["label" + level[0].toUpperCase() + level.slice(1)] : "";
  };
  if (input.dataset.generator) {
    const generate = document.createElement("button");
    generate.type = "button";
    generate.textContent = words.labelGenerate;
    generate.addEventListener("click", () => {
      input.value = generatePassword(20);
      input.type = "text";
      input.select();
      update();
    });
    const show = document.createElement("button");
    show.type = "button";
    show.textContent = words.labelShow;
    show.addEventListener("click", () => {
      input.type = input.type === "password" ? "text" : "password";
      show.textContent = input.type === "password" ? words.labelShow : words.labelHide;
    });
    tools.append(generate, show);
  }
  tools.append(hint);
  input.insertAdjacentElement("afterend", tools);
  input.addEventListener("input", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-strength]").forEach(enhancePassword);
});
