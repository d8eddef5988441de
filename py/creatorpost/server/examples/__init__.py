"""The help page's example articles: what they are (`definitions`), their pictures (`art`), and
putting them in the database as published posts of the demo creators (`seed`)."""
