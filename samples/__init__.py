"""The shipped sample articles (ar/) and their gold events, shipped as package data so that
`waqai run` has its embedded default in any install."""
