/// Fictional names and dates of birth for generated cases (the demo, benchmarks), spread like
/// a real caseload's: a few hundred first names, thousands of family names, so a search for
/// one person finds a handful of cases among a million, as it would in life.
public struct SyntheticNames: Sendable {
    private var random: SyntheticRandom

    public init(seed: UInt64) { random = SyntheticRandom(seed: seed ^ 0x5EA7_C4A5_E5) }

    static let firstNames = [
        "Amina", "Ana", "Andrei", "Anh", "Ahmed", "Alina", "Ardit", "Bao", "Blerina", "Bogdan", "Chen", "Chioma", "Cristina",
        "Daniel", "Dara", "Dorina", "Elena", "Emmanuel", "Enkelejda", "Esi", "Fatima", "Florin", "Gabriel", "Grace", "Hana",
        "Hoa", "Ibrahim", "Ioana", "Jamal", "Joy", "Kemal", "Klodian", "Kwame", "Lan", "Leila", "Linh", "Lucia", "Mai", "Maria",
        "Marius", "Mehmet", "Mihai", "Minh", "Mohammed", "Nadia", "Nam", "Ngozi", "Nicoleta", "Olena", "Omar", "Precious",
        "Quang", "Rahel", "Rania", "Samir", "Sara", "Sokol", "Stefan", "Tatiana", "Thanh", "Tomasz", "Tuan", "Valentina",
        "Vlad", "Wei", "Xin", "Yasmin", "Yusuf", "Zainab", "Zoran", "Adwoa", "Besnik", "Dritan", "Edona", "Ferhat", "Gentian",
        "Huong", "Ilir", "Jelena", "Kofi", "Lindita", "Mirela", "Nhung", "Oksana", "Petra", "Rezart", "Sadia", "Tariq",
        "Uchenna", "Vesna", "Weronika", "Yaw", "Zeynep", "Agnieszka", "Bashir", "Cosmin", "Delia", "Ermal", "Farah", "Gjergj",
    ]
    static let familyStems = [
        "Ah", "Ba", "Ber", "Can", "Dar", "Dem", "El", "Fer", "Gor", "Ha", "Ion", "Ka", "Kov", "Lu", "Ma", "Mar", "Ne", "Nov",
        "Ok", "Pet", "Po", "Ra", "Ros", "Sa", "Ser", "Sh", "Ta", "Tr", "Ur", "Va", "Vel", "Wo", "Ya", "Za", "Zor", "Bel",
        "Cri", "Dra", "Gal", "Hu", "Jo", "Kra", "Le", "Mi", "Ng", "Ol", "Pa", "Qu", "Ri", "Sto",
    ]
    static let familyEndings = [
        "escu", "ovic", "enko", "aj", "iu", "ani", "eda", "ski", "ova", "uyen", "ang", "oku", "ade", "ila", "ari", "osa", "idis",
        "ulu", "emi", "ash", "ner", "ton", "berg", "ley", "ford", "ach", "inho", "ez", "oglu", "wala", "ndo", "mba", "ic", "er",
        "isi", "uka", "onen", "avi", "ard", "elli",
    ]

    /// The next person: first name, family name and date of birth (a child aged 10 to 17 on
    /// `today`, an adult 18 to 60).
    public mutating func next(today: Day, child: Bool) -> (firstName: String, lastName: String, dateOfBirth: Day) {
        let first = Self.firstNames[random.int(0...(Self.firstNames.count - 1))]
        let last = Self.familyStems[random.int(0...(Self.familyStems.count - 1))]
            + Self.familyEndings[random.int(0...(Self.familyEndings.count - 1))]
        let born = Day(daysSinceEpoch: today.daysSinceEpoch - (child ? random.int(3_660...6_560) : random.int(6_580...21_900)))
        return (first, last, born)
    }
}
