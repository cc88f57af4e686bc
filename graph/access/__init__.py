"""Access: who may do what (roles) and the audit log of every read and change."""
