"""What every collection does the same way. The kit never imports a resource."""
