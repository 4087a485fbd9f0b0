"""mailwarden: keeps the SQL database that Postfix and Dovecot read coherent and safe."""
