"""The demo beneficiary has an organisation with two IFCD projects, loaded once."""
from accounts.models import User
from core.extensions import db
from showcase import services
from showcase.models import Project


def test_the_demo_beneficiary_has_its_organisation_and_projects(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    again = runner.invoke(args=["demo-data"])

    assert first.exit_code == 0, first.output
    assert "demo beneficiaries: 3 organisation and project records created" in first.output
    assert "demo beneficiaries: 0 organisation and project records created" in again.output
    user = db.session.query(User).filter_by(email="beneficiary@convene.example").one()
    organisation = services.organisation_of(user)
    assert organisation.region == "africa"
    assert sorted(project.code for project in organisation.projects) == ["2017-4521", "2021-7788"]
    assert db.session.query(Project).count() == 2
