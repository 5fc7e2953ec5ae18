"""The patient's side: the self-assessment pages, their forms and the browser token."""
