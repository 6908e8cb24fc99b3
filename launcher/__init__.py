"""Starting the assistant's services as processes: what `make run` calls (`python -m launcher`) and what the
end-to-end tests and benchmarks start, so they test what `make run` starts."""
