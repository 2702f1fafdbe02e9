"""Events of every knowledge-exchange kind, their programme, and calendar feeds."""
