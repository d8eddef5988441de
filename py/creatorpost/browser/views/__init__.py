"""What the creator sees and touches: one module per part of the editor screen, each bound to the DOM."""
