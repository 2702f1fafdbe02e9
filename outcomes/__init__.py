"""Outcomes and reporting: feedback surveys tied to the knowledge-exchange outcomes, event dashboards and
their exports, and the constituency of engaged stakeholders across events."""
