"""Media bytes and uploads: where files live, how an upload is read and checked, how many decode at once."""
