// Asks before a destructive form is sent: <form data-confirm="Remove ...?">.
// Loaded as a file because the Content-Security-Policy forbids inline scripts and handlers.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
