"""The automation doors: JSON-RPC 2.0 (/rpc), REST (/api/v1/) and MCP (/mcp), on API tokens."""
