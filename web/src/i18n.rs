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
    OtherLanguage,
    Footer,
    Results,
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
        OtherLanguage => ("English", "Italiano"),
        Footer => (
            "Dati: Città di Torino, Rendiconto 2023. Ricerca eseguita interamente nel browser: nessun dato lascia il dispositivo.",
            "Data: City of Turin, 2023 report. Search runs entirely in the browser: no data leaves the device.",
        ),
        Results => ("risultati", "results"),
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
