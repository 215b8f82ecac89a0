"""What a person does: each flow in a module, routed by the flow stored with the person."""
