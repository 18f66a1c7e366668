"""Interface strings of the dashboard in English, Spanish and Korean, and the choice of language.

The language comes from the ``lang`` query parameter (``?lang=es``) or a path prefix (``/es/overview``
redirects to ``/overview?lang=es``); anything else falls back to English.

>>> t("ko", "overview")
'개요'
>>> pick_lang("xx")
'en'
"""

from __future__ import annotations

LANGS = ("en", "es", "ko")
LANG_NAMES = {"en": "English", "es": "Español", "ko": "한국어"}

STRINGS: dict[str, dict[str, str]] = {
    "site": {"en": "tradebridge · Korea–Pacific Alliance observatory",
             "es": "tradebridge · Observatorio Corea–Alianza del Pacífico",
             "ko": "tradebridge · 한국–태평양동맹 관측소"},
    "overview": {"en": "Overview", "es": "Panorama", "ko": "개요"},
    "partners": {"en": "Partners", "es": "Socios", "ko": "상대국"},
    "indicators": {"en": "Indicators", "es": "Indicadores", "ko": "지표"},
    "scenarios": {"en": "Scenarios", "es": "Escenarios", "ko": "시나리오"},
    "perceptions": {"en": "Surveys & interviews", "es": "Encuestas y entrevistas", "ko": "설문·인터뷰"},
    "agreements": {"en": "Agreements", "es": "Acuerdos", "ko": "협정"},
    "brief": {"en": "Policy brief", "es": "Nota de política", "ko": "정책 브리프"},
    "admin": {"en": "Admin", "es": "Administración", "ko": "관리"},
    "api": {"en": "JSON API", "es": "API JSON", "ko": "JSON API"},
    "language": {"en": "Language", "es": "Idioma", "ko": "언어"},
    "overview_title": {"en": "Korea and the Pacific Alliance: trade over time",
                       "es": "Corea y la Alianza del Pacífico: el comercio en el tiempo",
                       "ko": "한국과 태평양동맹: 교역 추이"},
    "overview_lead": {"en": "Korea's exports to, imports from and balance with each member and the bloc (current USD).",
                      "es": "Exportaciones de Corea, importaciones y saldo con cada miembro y el bloque (USD corrientes).",
                      "ko": "회원국 및 블록별 한국의 수출·수입·무역수지 (경상 달러)."},
    "year": {"en": "Year", "es": "Año", "ko": "연도"},
    "partner": {"en": "Partner", "es": "Socio", "ko": "상대국"},
    "exports": {"en": "Korean exports", "es": "Exportaciones coreanas", "ko": "한국 수출"},
    "imports": {"en": "Korean imports", "es": "Importaciones coreanas", "ko": "한국 수입"},
    "total_trade": {"en": "Total trade", "es": "Comercio total", "ko": "총교역"},
    "balance": {"en": "Balance", "es": "Saldo", "ko": "무역수지"},
    "share": {"en": "Share of world trade", "es": "Participación en el comercio mundial", "ko": "세계 교역 비중"},
    "latest": {"en": "Latest year", "es": "Último año", "ko": "최근 연도"},
    "all_years": {"en": "All years", "es": "Todos los años", "ko": "전체 연도"},
    "chart_trade": {"en": "Total trade by partner", "es": "Comercio total por socio", "ko": "상대국별 총교역"},
    "chart_balance": {"en": "Korea's balance by partner", "es": "Saldo de Corea por socio",
                      "ko": "상대국별 한국의 무역수지"},
    "fta_windows": {"en": "Growth before and after each FTA (annualised)",
                    "es": "Crecimiento antes y después de cada TLC (anualizado)",
                    "ko": "FTA 발효 전후 성장률 (연평균)"},
    "period": {"en": "Period", "es": "Periodo", "ko": "기간"},
    "measure": {"en": "Measure", "es": "Medida", "ko": "항목"},
    "growth": {"en": "Growth per year", "es": "Crecimiento anual", "ko": "연평균 성장률"},
    "pre": {"en": "before", "es": "antes", "ko": "발효 전"},
    "post": {"en": "after", "es": "después", "ko": "발효 후"},
    "source": {"en": "Source", "es": "Fuente", "ko": "출처"},
    "missing": {"en": "missing", "es": "sin datos", "ko": "자료 없음"},
    "partner_title": {"en": "Korea and {name}", "es": "Corea y {name}", "ko": "한국과 {name}"},
    "choose_partner": {"en": "Choose a partner", "es": "Elija un socio", "ko": "상대국 선택"},
    "show": {"en": "Show", "es": "Mostrar", "ko": "보기"},
    "composition": {"en": "Composition by HS section", "es": "Composición por sección del SA",
                    "ko": "HS 부별 구성"},
    "no_products": {"en": "No product-level trade data in the warehouse yet. Fetch BACI or Comtrade HS data "
                          "(`tradebridge data fetch baci`, then `tradebridge data ingest`) to see composition "
                          "and top products.",
                    "es": "Aún no hay datos de comercio por producto en el almacén. Descargue datos SA de BACI o "
                          "Comtrade (`tradebridge data fetch baci` y luego `tradebridge data ingest`) para ver "
                          "la composición y los principales productos.",
                    "ko": "아직 품목별 교역 자료가 없습니다. BACI 또는 Comtrade HS 자료를 받아 "
                          "(`tradebridge data fetch baci` 후 `tradebridge data ingest`) 구성과 주요 품목을 보십시오."},
    "top_products": {"en": "Top products", "es": "Principales productos", "ko": "주요 품목"},
    "intensity": {"en": "Trade intensity index", "es": "Índice de intensidad comercial", "ko": "무역집중도 지수"},
    "direction": {"en": "Direction", "es": "Dirección", "ko": "방향"},
    "timeline": {"en": "Agreement timeline", "es": "Cronología de acuerdos", "ko": "협정 연표"},
    "fta_effect": {"en": "FTA effect", "es": "Efecto del TLC", "ko": "FTA 효과"},
    "fta_effect_note": {"en": "The estimated effect of an FTA and simulated agreements are on the scenarios page.",
                        "es": "El efecto estimado de un TLC y los acuerdos simulados están en la página de escenarios.",
                        "ko": "FTA의 추정 효과와 가상 협정은 시나리오 페이지에 있습니다."},
    "stage": {"en": "Stage", "es": "Etapa", "ko": "단계"},
    "date": {"en": "Date", "es": "Fecha", "ko": "날짜"},
    "agreement": {"en": "Agreement", "es": "Acuerdo", "ko": "협정"},
    "confidence": {"en": "Confidence", "es": "Confianza", "ko": "신뢰도"},
    "kind": {"en": "Kind", "es": "Tipo", "ko": "종류"},
    "signed": {"en": "Signed", "es": "Firmado", "ko": "서명"},
    "in_force": {"en": "In force", "es": "En vigor", "ko": "발효"},
    "agreements_title": {"en": "Korea–Pacific Alliance agreements", "es": "Acuerdos Corea–Alianza del Pacífico",
                         "ko": "한국–태평양동맹 협정"},
    "indicators_title": {"en": "Indicators explorer", "es": "Explorador de indicadores", "ko": "지표 탐색기"},
    "reporter": {"en": "Reporter", "es": "Declarante", "ko": "보고국"},
    "indicator": {"en": "Indicator", "es": "Indicador", "ko": "지표"},
    "dataset": {"en": "Dataset", "es": "Conjunto de datos", "ko": "데이터셋"},
    "level": {"en": "Product level", "es": "Nivel de producto", "ko": "품목 수준"},
    "from_year": {"en": "From", "es": "Desde", "ko": "시작"},
    "to_year": {"en": "To", "es": "Hasta", "ko": "종료"},
    "compute": {"en": "Compute", "es": "Calcular", "ko": "계산"},
    "formula": {"en": "Formula", "es": "Fórmula", "ko": "공식"},
    "reference": {"en": "Reference", "es": "Referencia", "ko": "참고문헌"},
    "rows_truncated": {"en": "Only the first 5000 rows are shown; use the API or the CLI for all.",
                       "es": "Solo se muestran las primeras 5000 filas; use la API o la CLI para todas.",
                       "ko": "처음 5000행만 표시합니다. 전체는 API 또는 CLI를 이용하십시오."},
    "scenarios_title": {"en": "Trade-policy scenarios", "es": "Escenarios de política comercial",
                        "ko": "통상정책 시나리오"},
    "scenarios_lead": {"en": "GE-PPML counterfactuals (structural gravity); % change with the uncertainty band "
                             "from draws of the FTA effect.",
                       "es": "Contrafactuales GE-PPML (gravedad estructural); variación % con la banda de "
                             "incertidumbre según extracciones del efecto del TLC.",
                       "ko": "GE-PPML 반사실 분석(구조적 중력모형); FTA 효과 추출에 따른 불확실성 구간과 함께 변화율(%)."},
    "run": {"en": "Run", "es": "Ejecutar", "ko": "실행"},
    "running": {"en": "Running… this page refreshes by itself (about a minute).",
                "es": "Ejecutando… esta página se actualiza sola (alrededor de un minuto).",
                "ko": "실행 중… 이 페이지는 자동으로 새로 고쳐집니다 (약 1분)."},
    "not_run": {"en": "Not run yet for this data version.", "es": "Aún no ejecutado para esta versión de los datos.",
                "ko": "이 데이터 버전으로 아직 실행하지 않았습니다."},
    "exports_c": {"en": "Exports", "es": "Exportaciones", "ko": "수출"},
    "imports_c": {"en": "Imports", "es": "Importaciones", "ko": "수입"},
    "pct_change": {"en": "% change", "es": "variación %", "ko": "변화율 %"},
    "country": {"en": "Country", "es": "País", "ko": "국가"},
    "welfare": {"en": "Welfare (real GDP)", "es": "Bienestar (PIB real)", "ko": "후생 (실질 GDP)"},
    "band": {"en": "band", "es": "banda", "ko": "구간"},
    "compare": {"en": "Compare scenarios", "es": "Comparar escenarios", "ko": "시나리오 비교"},
    "fta_estimate": {"en": "FTA effect used (b, se)", "es": "Efecto del TLC usado (b, ee)",
                     "ko": "사용한 FTA 효과 (b, 표준오차)"},
    "perceptions_title": {"en": "Perception survey and interviews", "es": "Encuesta de percepción y entrevistas",
                          "ko": "인식 설문조사와 심층 인터뷰"},
    "demo_banner": {"en": "DEMO DATA — made-up responses and invented interviews that show the shape of the "
                          "results. These are not findings.",
                    "es": "DATOS DE DEMOSTRACIÓN — respuestas inventadas y entrevistas ficticias que muestran la "
                          "forma de los resultados. No son hallazgos.",
                    "ko": "데모 데이터 — 결과 형식을 보여 주기 위한 가상의 응답과 인터뷰입니다. 연구 결과가 아닙니다."},
    "likert": {"en": "Share who agree, by country", "es": "Proporción de acuerdo, por país",
               "ko": "국가별 동의 비율"},
    "question": {"en": "Question", "es": "Pregunta", "ko": "문항"},
    "estimate": {"en": "Estimate", "es": "Estimación", "ko": "추정치"},
    "ci": {"en": "95% CI", "es": "IC 95%", "ko": "95% 신뢰구간"},
    "coop": {"en": "Cooperation priority, by country", "es": "Prioridad de cooperación, por país",
             "ko": "국가별 협력 우선순위"},
    "themes": {"en": "Interview themes", "es": "Temas de las entrevistas", "ko": "인터뷰 주제"},
    "theme": {"en": "Theme", "es": "Tema", "ko": "주제"},
    "transcripts": {"en": "Transcripts", "es": "Transcripciones", "ko": "녹취록"},
    "quotes": {"en": "Quotes", "es": "Citas", "ko": "인용"},
    "received": {"en": "Real responses received through the survey forms so far (not analysed on this page yet)",
                 "es": "Respuestas reales recibidas hasta ahora por los formularios (aún no analizadas en esta página)",
                 "ko": "지금까지 설문 양식으로 받은 실제 응답 수 (이 페이지에서는 아직 분석하지 않음)"},
    "take_survey": {"en": "Take the survey", "es": "Responder la encuesta", "ko": "설문 참여"},
    "brief_title": {"en": "Policy brief downloads", "es": "Descargas de la nota de política",
                    "ko": "정책 브리프 내려받기"},
    "brief_none": {"en": "No brief has been built yet. Build it with `tradebridge brief --lang all --out out` "
                         "and reload this page.",
                   "es": "Aún no se ha generado la nota. Genérela con `tradebridge brief --lang all --out out` "
                         "y recargue esta página.",
                   "ko": "아직 브리프가 생성되지 않았습니다. `tradebridge brief --lang all --out out`로 "
                         "생성한 뒤 이 페이지를 새로 고치십시오."},
    "no_store": {"en": "The data warehouse is not built yet: run `tradebridge data ingest --raw DIR`.",
                 "es": "El almacén de datos aún no existe: ejecute `tradebridge data ingest --raw DIR`.",
                 "ko": "데이터 웨어하우스가 아직 없습니다: `tradebridge data ingest --raw DIR`를 실행하십시오."},
    "error": {"en": "Error", "es": "Error", "ko": "오류"},
    "table": {"en": "Table", "es": "Tabla", "ko": "표"},
    "data_version": {"en": "data version", "es": "versión de los datos", "ko": "데이터 버전"},
    "usd_m": {"en": "USD million", "es": "millones de USD", "ko": "백만 달러"},
}


def pick_lang(value: str | None) -> str:
    """A supported language code, English when ``value`` is missing or unknown."""
    return value if value in LANGS else "en"


def t(lang: str, key: str, **fmt: str) -> str:
    """The string ``key`` in ``lang`` (English if missing); ``{name}`` fields filled from ``fmt``."""
    entry = STRINGS.get(key)
    if entry is None:  # data values (e.g. a new measure name) are shown as they are
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text


def translator(lang: str):
    """A one-argument function for templates: ``{{ _('overview') }}``."""
    lang = pick_lang(lang)
    return lambda key, **fmt: t(lang, key, **fmt)
