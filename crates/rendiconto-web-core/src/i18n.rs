//! Interface strings: Italian first, English second.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    It,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }
}

/// Every string the interface shows, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    SkipToResults,
    City,
    AppName,
    Subtitle,
    SearchLabel,
    SearchPlaceholder,
    SearchHint,
    Filters,
    ClearFilters,
    ShowAll,
    ShowFewer,
    LoadingManifest,
    LoadingData,
    LoadingIndex,
    Opening,
    LoadingDetails,
    Waiting,
    NoResults,
    BackToResults,
    Mission,
    Program,
    Status,
    Policies,
    CouncilLines,
    Actions,
    Indicators,
    Indicator,
    SourceLines,
    Units,
    Stakeholders,
    NoYear,
    Table,
    Category,
    Policy,
    NotFound,
    PageNotFound,
    PageNotFoundText,
    SiteDescription,
    OtherLanguage,
    Footer,
    Home,
    Browse,
    BrowseIntro,
    SearchResults,
    Breadcrumb,
    Activities,
    IndicatorTables,
    Download,
    DownloadAll,
    DownloadResults,
    DownloadProgram,
    Print,
    Previous,
    Next,
    Change,
    Trend,
    Source,
    NoStatus,
    Activity,
    Keyboard,
    KioskHint,
    KeySpace,
    KeyBackspace,
    KeyClear,
    OpenFullPage,
    UpdateReady,
    UpdateNow,
    AlsoSearched,
    DidYouMean,
    PartialDivider,
    SortBy,
    SortRelevance,
    SortReport,
    SortStatus,
    OpenData,
    OpenDataIntro,
    OpenDataPackage,
    OpenDataJson,
    OpenDataCsv,
    OpenDataSearch,
    OpenDataDcat,
    OpenDataTablesIntro,
    OpenDataKey,
    OpenDataFields,
    OpenDataLicence,
    OpenDataLicenceText,
    OpenDataCite,
    OpenDataCitation,
    NeedsJavaScript,
    StateOfPlay,
    StateOfPlayReport,
    Programmes,
    SkipToContent,
    FiltersButton,
    ApplyFilters,
    ClearAll,
    Close,
    ActiveFilters,
    RemoveFilter,
    LoadFailed,
    VersionMismatch,
    Retry,
    ReloadPage,
    TechnicalDetails,
    SearchUnavailable,
    DownloadUnavailable,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (it, en) = match key {
        SkipToResults => ("Vai ai risultati", "Skip to results"),
        City => ("Città di Torino", "City of Turin"),
        AppName => ("Rendiconto Aperto", "Rendiconto Aperto"),
        Subtitle => (
            "Rendiconto 2023 — Relazione sull'attuazione del programma annuale dell'amministrazione",
            "2023 Report — Implementation of the administration's annual programme",
        ),
        SearchLabel => ("Cerca nel Rendiconto", "Search the report"),
        SearchPlaceholder => ("Ad esempio: asili nido, piste ciclabili", "For example: asili nido, piste ciclabili"),
        SearchHint => (
            "Usa le virgolette per una frase esatta e il segno meno per escludere una parola. Esc cancella.",
            "Use quotes for an exact phrase and a minus sign to exclude a word. Esc clears.",
        ),
        Filters => ("Filtra i risultati", "Filter the results"),
        ClearFilters => ("Rimuovi tutti i filtri", "Clear all filters"),
        ShowAll => ("Mostra tutti", "Show all"),
        ShowFewer => ("Mostra meno", "Show fewer"),
        LoadingManifest => ("Caricamento dell'indice dei dati…", "Loading the data manifest…"),
        LoadingData => ("Caricamento dei dati del Rendiconto…", "Loading the report data…"),
        LoadingIndex => ("Caricamento dell'indice di ricerca…", "Loading the search index…"),
        Opening => ("Apertura del motore di ricerca…", "Opening the search engine…"),
        LoadingDetails => (
            "Caricamento dei dettagli (valori degli indicatori, righe della fonte)…",
            "Loading the details (indicator values, source lines)…",
        ),
        Waiting => (
            "Il motore di ricerca si sta avviando: i risultati appariranno tra un istante.",
            "The search engine is starting: results will appear in a moment.",
        ),
        NoResults => ("Nessun risultato. Prova con meno parole o togli qualche filtro.", "No results. Try fewer words or remove some filters."),
        BackToResults => ("Torna ai risultati", "Back to the results"),
        Mission => ("Missione", "Mission"),
        Program => ("Programma", "Programme"),
        Status => ("Stato", "Status"),
        Policies => ("Politiche di riferimento", "Policies"),
        CouncilLines => ("Linee programmatiche del Consiglio comunale", "City Council programme lines"),
        Actions => ("Azioni e attività effettuate", "Actions taken"),
        Indicators => ("Indicatori di risultato", "Result indicators"),
        Indicator => ("Indicatore", "Indicator"),
        SourceLines => ("Righe del testo sorgente", "Source text lines"),
        Units => ("Unità organizzative coinvolte", "Organisational units involved"),
        Stakeholders => ("Portatori di interesse", "Stakeholders"),
        NoYear => ("Senza anno", "No year"),
        Table => ("Tabella indicatori", "Indicator table"),
        Category => ("Categoria", "Category"),
        Policy => ("Politica", "Policy"),
        NotFound => ("Questa attività non esiste nel Rendiconto.", "This activity does not exist in the report."),
        PageNotFound => ("Pagina non trovata", "Page not found"),
        PageNotFoundText => (
            "L'indirizzo non corrisponde a nessuna pagina del Rendiconto 2023: cerca qui sopra o riparti dalla pagina iniziale.",
            "This address matches no page of the 2023 report: search above or start again from the home page.",
        ),
        SiteDescription => (
            "Cerca nel Rendiconto 2023 della Città di Torino: obiettivi, stato di attuazione, azioni e indicatori. Funziona anche senza rete.",
            "Search the City of Turin's 2023 report: objectives, status, actions and indicators. Works offline too.",
        ),
        OtherLanguage => ("English", "Italiano"),
        Footer => (
            "Dati: Città di Torino, Rendiconto 2023. Ricerca eseguita interamente nel browser: nessun dato lascia il dispositivo.",
            "Data: City of Turin, 2023 report. Search runs entirely in the browser: no data leaves the device.",
        ),
        Home => ("Rendiconto 2023", "2023 Report"),
        Keyboard => ("Tastiera", "Keyboard"),
        KioskHint => (
            "Tocca le lettere qui sotto per cercare. Dopo un po' di inattività lo schermo torna all'inizio.",
            "Tap the letters below to search. After a while without use the screen starts over.",
        ),
        KeySpace => ("Spazio", "Space"),
        KeyBackspace => ("Cancella l'ultima lettera", "Delete the last letter"),
        KeyClear => ("Svuota", "Clear"),
        OpenFullPage => ("Apri Rendiconto Aperto a tutta pagina", "Open Rendiconto Aperto full page"),
        UpdateReady => ("È disponibile una nuova versione dei dati e dell'applicazione.", "A new version of the data and the application is available."),
        UpdateNow => ("Aggiorna", "Update"),
        AlsoSearched => ("Cercato anche", "Also searched"),
        DidYouMean => ("Forse cercavi", "Did you mean"),
        PartialDivider => ("Risultati con solo alcune delle parole", "Results with only some of the words"),
        SortBy => ("Ordina per", "Sort by"),
        SortRelevance => ("pertinenza", "relevance"),
        SortReport => ("ordine del Rendiconto", "report order"),
        SortStatus => ("stato", "status"),
        Browse => ("Missioni e programmi", "Missions and programmes"),
        BrowseIntro => (
            "Il Rendiconto è organizzato in missioni e programmi. Apri un programma per leggerne le linee programmatiche, le attività e gli indicatori.",
            "The report is organised in missions and programmes. Open a programme to read its council lines, activities and indicators.",
        ),
        SearchResults => ("Risultati della ricerca", "Search results"),
        Breadcrumb => ("Percorso", "Breadcrumb"),
        Activities => ("Attività", "Activities"),
        IndicatorTables => ("Tabelle di indicatori", "Indicator tables"),
        Download => ("Scarica i dati", "Download the data"),
        DownloadAll => ("Tutto il Rendiconto", "The whole report"),
        DownloadResults => ("Questi risultati", "These results"),
        DownloadProgram => ("Questo programma", "This programme"),
        Print => ("Stampa", "Print"),
        Previous => ("Attività precedente", "Previous activity"),
        Next => ("Attività successiva", "Next activity"),
        Change => ("Variazione 2022→2023", "Change 2022→2023"),
        Trend => ("Andamento", "Trend"),
        Source => ("Fonte", "Source"),
        NoStatus => ("Stato non indicato", "No status given"),
        Activity => ("Attività", "Activity"),
        OpenData => ("Dati aperti", "Open data"),
        OpenDataIntro => (
            "Il Rendiconto 2023 come dati aperti, da scaricare e riusare (licenza CC BY 4.0): ogni riga con la pagina del PDF e le righe del testo da cui viene.",
            "The 2023 report as open data, to download and reuse (CC BY 4.0 licence): every row with its PDF page and source text lines.",
        ),
        OpenDataPackage => ("Data Package (descrizione delle tabelle, Frictionless)", "Data Package (table descriptions, Frictionless)"),
        OpenDataJson => ("Tutto il Rendiconto in JSON", "The whole report as JSON"),
        OpenDataCsv => ("Tabelle CSV", "CSV tables"),
        OpenDataSearch => ("Documenti di ricerca (NDJSON)", "Search documents (NDJSON)"),
        OpenDataDcat => ("Metadati DCAT-AP_IT (JSON-LD)", "DCAT-AP_IT metadata (JSON-LD)"),
        OpenDataTablesIntro => (
            "Una tabella per file, con intestazione, in UTF-8; le tabelle si collegano per chiave (descritte in datapackage.json). I codici restano testo (\"01\", \"9.3\"); un anno non ancora rendicontato è una cella vuota; valore_stampato riporta il valore come nel PDF.",
            "One table per file, with a header row, in UTF-8; the tables link by key (described in datapackage.json). Codes stay text (\"01\", \"9.3\"); a year not yet reported is an empty cell; valore_stampato holds the value as printed in the PDF.",
        ),
        OpenDataKey => ("Chiave", "Key"),
        OpenDataFields => ("Campi", "Fields"),
        OpenDataLicence => ("Licenza e citazione", "Licence and citation"),
        OpenDataLicenceText => ("I dati sono pubblicati con licenza", "The data are published under"),
        OpenDataCite => ("Per citarli:", "To cite them:"),
        OpenDataCitation => (
            "Città di Torino, «Rendiconto 2023 — Relazione sull'attuazione del programma annuale dell'amministrazione», dati aperti (Rendiconto Aperto), CC BY 4.0.",
            "City of Turin, \"Rendiconto 2023 — Relazione sull'attuazione del programma annuale dell'amministrazione\", open data (Rendiconto Aperto), CC BY 4.0.",
        ),
        NeedsJavaScript => (
            "La ricerca ha bisogno di JavaScript: attivalo nel browser per cercare. Missioni, programmi e attività si leggono anche senza, dai collegamenti qui sotto.",
            "Search needs JavaScript: turn it on in your browser to search. Missions, programmes and activities can be read without it, from the links below.",
        ),
        StateOfPlay => ("Stato di attuazione", "State of implementation"),
        StateOfPlayReport => ("Stato di attuazione di tutto il Rendiconto", "State of implementation of the whole report"),
        Programmes => ("Programmi", "Programmes"),
        SkipToContent => ("Vai al contenuto", "Skip to content"),
        FiltersButton => ("Filtri", "Filters"),
        ApplyFilters => ("Applica", "Apply"),
        ClearAll => ("Azzera", "Clear all"),
        Close => ("Chiudi", "Close"),
        ActiveFilters => ("Filtri attivi", "Active filters"),
        RemoveFilter => ("Rimuovi filtro", "Remove filter"),
        LoadFailed => (
            "Non è stato possibile scaricare i dati di ricerca completi. Controlla la connessione e riprova.",
            "The complete search data could not be downloaded. Check your connection and try again.",
        ),
        VersionMismatch => (
            "La pagina e i dati di ricerca sono di versioni diverse. Ricarica la pagina per avere la versione più recente.",
            "This page and the search data are from different versions. Reload the page to get the latest version.",
        ),
        Retry => ("Riprova", "Try again"),
        ReloadPage => ("Ricarica la pagina", "Reload the page"),
        TechnicalDetails => ("Dettagli tecnici", "Technical details"),
        SearchUnavailable => (
            "La ricerca non è disponibile finché i dati non sono stati scaricati.",
            "Search is unavailable until the data have been downloaded.",
        ),
        DownloadUnavailable => (
            "I file non sono disponibili finché i dati non sono stati scaricati.",
            "The files are unavailable until the data have been downloaded.",
        ),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}

/// "1 risultato" / "37 risultati".
pub fn results_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::It, 1) => "1 risultato".into(),
        (Lang::It, n) => format!("{n} risultati"),
        (Lang::En, 1) => "1 result".into(),
        (Lang::En, n) => format!("{n} results"),
    }
}

/// The note when no result holds every word of the question: with the words no item
/// holds, or saying that the results hold some of the words.
pub fn partial_note(lang: Lang, not_found: &[&str]) -> String {
    match (lang, not_found.is_empty()) {
        (Lang::It, true) => {
            "Nessuna attività contiene tutte le parole: questi risultati ne contengono solo alcune.".into()
        }
        (Lang::It, false) => {
            format!("Nessuna attività contiene tutte le parole; non trovato: {}", not_found.join(", "))
        }
        (Lang::En, true) => "No activity contains all the words: these results contain only some of them.".into(),
        (Lang::En, false) => format!("No activity contains all the words; not found: {}", not_found.join(", ")),
    }
}

/// "Non trovato: ingombranti" / "Not found: ingombranti".
pub fn not_found_note(lang: Lang, not_found: &[&str]) -> String {
    match lang {
        Lang::It => format!("Non trovato: {}", not_found.join(", ")),
        Lang::En => format!("Not found: {}", not_found.join(", ")),
    }
}

/// "5 programmi" / "5 programmes".
pub fn programmes_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::It, 1) => "1 programma".into(),
        (Lang::It, n) => format!("{n} programmi"),
        (Lang::En, 1) => "1 programme".into(),
        (Lang::En, n) => format!("{n} programmes"),
    }
}

/// "12 attività" / "12 activities".
pub fn activities_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::It, _) => format!("{n} attività"),
        (Lang::En, 1) => "1 activity".into(),
        (Lang::En, n) => format!("{n} activities"),
    }
}

/// "Rendiconto 2023, pagina 14" — the page the programme starts on in the PDF.
pub fn source_page(lang: Lang, page: Option<u32>) -> String {
    match (lang, page) {
        (Lang::It, Some(p)) => format!("Rendiconto 2023, pagina {p}"),
        (Lang::En, Some(p)) => format!("2023 Report, page {p}"),
        (Lang::It, None) => "Rendiconto 2023".into(),
        (Lang::En, None) => "2023 Report".into(),
    }
}

/// A number the Italian way: 1.352 · 5,28 · 524.018.883,5.
pub fn number_it(x: f64) -> String {
    let negative = x < 0.0;
    let x = x.abs();
    let rounded = (x * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let mut out = if negative { format!("−{grouped}") } else { grouped };
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push(',');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// The change between two years as an arrow, a signed percentage and a sentence for
/// screen readers; `None` when it cannot be computed (a missing or zero base).
pub fn change(lang: Lang, from: f64, to: f64) -> Option<(&'static str, String, String)> {
    if from == 0.0 {
        return None;
    }
    let pct = (to - from) / from.abs() * 100.0;
    let (arrow, word_it, word_en) = if pct > 0.05 {
        ("↑", "aumento", "increase")
    } else if pct < -0.05 {
        ("↓", "diminuzione", "decrease")
    } else {
        ("→", "invariato", "unchanged")
    };
    let sign = if pct > 0.05 {
        "+"
    } else if pct < -0.05 {
        "−"
    } else {
        ""
    };
    let shown = format!("{sign}{}%", number_it((pct.abs() * 10.0).round() / 10.0));
    let spoken = match lang {
        Lang::It if arrow == "→" => "invariato dal 2022 al 2023".to_string(),
        Lang::It => format!("{word_it} del {} dal 2022 al 2023", shown.trim_start_matches(['+', '−'])),
        Lang::En if arrow == "→" => "unchanged from 2022 to 2023".to_string(),
        Lang::En => format!("{word_en} of {} from 2022 to 2023", shown.trim_start_matches(['+', '−'])),
    };
    Some((arrow, shown, spoken))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_numbers() {
        assert_eq!(number_it(1352.0), "1.352");
        assert_eq!(number_it(5.28), "5,28");
        assert_eq!(number_it(524_018_883.5), "524.018.883,5");
        assert_eq!(number_it(-12.5), "−12,5");
        assert_eq!(number_it(0.0), "0");
    }

    #[test]
    fn notes_on_the_words() {
        assert_eq!(
            partial_note(Lang::It, &["ingombranti"]),
            "Nessuna attività contiene tutte le parole; non trovato: ingombranti"
        );
        assert_eq!(partial_note(Lang::En, &["x", "y"]), "No activity contains all the words; not found: x, y");
        assert!(partial_note(Lang::It, &[]).ends_with("questi risultati ne contengono solo alcune."));
        assert_eq!(not_found_note(Lang::It, &["povere", "xyz"]), "Non trovato: povere, xyz");
    }

    #[test]
    fn changes() {
        assert_eq!(change(Lang::It, 4.0, 5.0).unwrap().1, "+25%");
        let (arrow, shown, spoken) = change(Lang::It, 936.0, 864.0).unwrap();
        assert_eq!((arrow, shown.as_str()), ("↓", "−7,7%"));
        assert_eq!(spoken, "diminuzione del 7,7% dal 2022 al 2023");
        assert_eq!(change(Lang::It, 11.0, 11.0).unwrap().0, "→");
        assert_eq!(change(Lang::It, 0.0, 8.0), None);
    }
}
