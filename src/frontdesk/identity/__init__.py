"""Identity: one user model (login by e-mail), passwords, lockout, second factor, sessions."""
