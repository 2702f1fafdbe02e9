"""Knowledge-fair showcase: beneficiaries, IFCD projects, booths, materials, meetings, leads."""
