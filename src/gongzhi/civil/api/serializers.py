"""Serializers of civil: shape and types only (the schema shows every limit); writes
go through actions from the views."""
