// Package scripts holds no code. Its tests run the repository's shell
// scripts and make targets the way a user does: scripts/demo.sh broken on
// purpose (each failure must name its step), README.md's "Use a local build"
// section word for word (scripts/readme-local-build.sh), and the GNUmakefile
// (every declared target has a rule; an unknown target fails).
package scripts
