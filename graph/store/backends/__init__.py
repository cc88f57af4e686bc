"""Engine-specific code. Only modules here import a database driver."""
