package engine

// Version is mast's version, recorded in every source it loads and every case
// it creates. Release builds set it with -ldflags "-X github.com/mastcdr/mast/engine.Version=...".
var Version = "0.1.0-dev"
