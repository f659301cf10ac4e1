"""The customer portal: sessions an org hands out, the page and its one-call summary."""
