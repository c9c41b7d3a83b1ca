"""The network's screens, one module per audience: region, schools and companies, people."""
