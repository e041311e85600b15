"""Pages of the queue service: public (join, ticket), staff board, reports."""
