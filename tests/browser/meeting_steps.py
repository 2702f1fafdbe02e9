"""Steps of an intergovernmental meeting in Chromium that several browser tests take, as people take them:
naming a focal point, nominating members with their credentials, asking for a visa-support letter."""
from tests.conftest import link_in

#: Kenya's delegation in the browser tests: (role, title, full name, e-mail address, function).
KENYA = [("head", "H.E. Ms", "Achieng Otieno", "achieng@kenya.example", "Cabinet Secretary"),
         ("delegate", "Mr", "Kiprono Mutai", "kiprono@kenya.example", "Director of Film Services"),
         ("adviser", "Ms", "Njeri Kamau", "njeri@kenya.example", "Legal adviser")]


def name_focal_point(page, country="KE", name="Grace Wanjiku", email="focal@kenya.example") -> None:
    """On the organiser's Delegations page: name the Party's focal point, in the default category."""
    page.get_by_label("Party", exact=True).select_option(country)
    page.get_by_label("Focal point's full name").fill(name)
    page.get_by_label("Focal point's e-mail address").fill(email)
    page.get_by_role("button", name="Name the focal point and send the invitation").click()
    page.get_by_text("is named focal point of").wait_for()


def nominate_with_credentials(page, smtp_server, credentials, members=KENYA, email="focal@kenya.example") -> None:
    """The focal point (logged in) follows their invitation, nominates `members` and sends the credentials
    letter (a PDF file's path)."""
    page.goto(link_in(smtp_server.last_to(email), "/delegations/join/"))
    page.get_by_role("heading", name="Delegation").first.wait_for()
    for role, title, name, address, function in members:
        page.get_by_label("Role in the delegation").select_option(role)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Full name").fill(name)
        page.get_by_label("E-mail address").fill(address)
        page.get_by_label("Function").fill(function)
        page.get_by_role("button", name="Nominate and send their link").click()
        page.get_by_text(f"{name} is nominated").wait_for()
    page.get_by_label("Credentials letter (PDF)").set_input_files(str(credentials))
    page.get_by_role("button", name="Send the credentials").click()
    page.get_by_text("The credentials letter is sent to the organisers.").wait_for()


def fill_visa_request(page, passport_number, nationality, born, issued_in, consulate, passport_name=None) -> None:
    """The visa-support letter's form, filled in (not sent)."""
    if passport_name is not None:
        page.get_by_label("Your name exactly as in your passport").fill(passport_name)
    page.get_by_label("Passport number").fill(passport_number)
    page.get_by_label("Nationality").select_option(nationality)
    page.get_by_label("Date of birth").fill(born)
    page.get_by_label("Place of issue of the passport").fill(issued_in)
    page.get_by_label("Embassy or consulate where you apply for your visa").fill(consulate)
