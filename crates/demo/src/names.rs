//! Dutch-looking given and family names (invented combinations; no real persons).

use fastrand::Rng;

pub(crate) const GIVEN: &[&str] = &[
    "Sem", "Noah", "Liam", "Lucas", "Daan", "Finn", "Levi", "Luuk", "Mees", "Milan", "Sam", "Noud",
    "Bram", "Jesse", "Thijs", "Tijn", "Ruben", "Siem", "Gijs", "Stijn", "Teun", "Jens", "Max",
    "Mohamed", "Adam", "Ayoub", "Emir", "Julian", "Hugo", "Joep", "Cas", "Olivier", "Emma",
    "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Yara", "Eva", "Liv", "Lotte", "Evi",
    "Noor", "Anna", "Saar", "Fenna", "Lieke", "Roos", "Fleur", "Isa", "Vera", "Jasmijn", "Nina",
    "Femke", "Fatima", "Amira", "Lina", "Hiba", "Elif", "Maud", "Floor",
];

pub(crate) const FAMILY: &[&str] = &[
    "de Vries",
    "Jansen",
    "Janssen",
    "de Jong",
    "van den Heuvel",
    "van de Ven",
    "Hendriks",
    "van Dijk",
    "Smulders",
    "Verhoeven",
    "van Gils",
    "Peeters",
    "Willems",
    "van Loon",
    "Schellekens",
    "de Bruijn",
    "Vermeulen",
    "van Rooij",
    "Bosch",
    "van Hout",
    "Damen",
    "Maas",
    "de Wit",
    "van Beek",
    "Coppens",
    "Mutsaers",
    "Kools",
    "van Iersel",
    "Leijten",
    "van Oers",
    "van der Heijden",
    "van der Linden",
    "van den Berg",
    "van der Meer",
    "van Dongen",
    "van Esch",
    "van de Wiel",
    "van Kemenade",
    "de Kort",
    "de Laat",
    "van Breugel",
    "Bakker",
    "Visser",
    "Smits",
    "Meijer",
    "Mulder",
    "Dekker",
    "Brouwers",
    "Verbeek",
    "Timmermans",
    "Martens",
    "van Gool",
    "Aarts",
    "Claassen",
    "Hermans",
    "van Erp",
    "Vissers",
    "Rovers",
    "Biemans",
    "van Roosmalen",
    "Donkers",
    "Geerts",
    "van Tilburg",
    "Pijnenburg",
    "Jacobs",
    "Bressers",
    "de Haas",
    "van Mierlo",
    "Spierings",
    "van Wanrooij",
    "El Amrani",
    "Bouzid",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Öztürk",
    "Haddou",
    "Ramdin",
    "Nguyen",
    "Kowalski",
    "van 't Hof",
    "in 't Zandt",
    "op de Weegh",
    "ter Horst",
];

fn pick(rng: &mut Rng, list: &'static [&'static str]) -> &'static str {
    rng.choice(list).copied().unwrap_or("")
}

pub(crate) fn pupil_name(rng: &mut Rng) -> (String, String) {
    (pick(rng, GIVEN).to_owned(), pick(rng, FAMILY).to_owned())
}

/// "Given Family", for adults (care workers, users).
pub(crate) fn full_name(rng: &mut Rng) -> String {
    format!("{} {}", pick(rng, GIVEN), pick(rng, FAMILY))
}

/// Place-name parts for the synthetic municipalities of [`crate::country`]:
/// 19 × 18 = 342 distinct names.
pub(crate) const PLACE_HEAD: &[&str] = &[
    "Noorder", "Zuider", "Ooster", "Wester", "Hoog", "Laag", "Nieuw", "Oud", "Groot", "Klein",
    "Berg", "Eik", "Linde", "Beek", "Heide", "Mol", "Wil", "Ros", "Ham",
];
pub(crate) const PLACE_TAIL: &[&str] = &[
    "veen", "dam", "hoven", "wijk", "broek", "dijk", "horst", "loo", "zande", "rade", "drecht",
    "donk", "beek", "hout", "hem", "ingen", "schot", "velde",
];

pub(crate) fn place_name(i: usize) -> String {
    let head = PLACE_HEAD.get(i % PLACE_HEAD.len()).copied().unwrap_or("");
    let tail = PLACE_TAIL
        .get((i / PLACE_HEAD.len()) % PLACE_TAIL.len())
        .copied()
        .unwrap_or("");
    format!("{head}{tail}")
}
