"""A section of the one string table: the policy brief's prose, sections and annex (merged into :data:`tradebridge.i18n.strings.STRINGS`)."""

from __future__ import annotations

BRIEF: dict[str, dict[str, str]] = {
    # --- J4: annex_ and chart_ keys (report/annex.py, report/charts.py); keep this block at the end ---
    "annex_title": {"en": "Annex to the brief", "es": "Anexo de la nota", "ko": "브리프 부록"},
    "annex_intro": {"en": "Claims check, data and methods, the full negotiation timeline and one line per evidence "
                          "card of the brief {file}.",
                    "es": "Verificación de afirmaciones, datos y métodos, la cronología completa de las negociaciones "
                          "y una línea por ficha de evidencia de la nota {file}.",
                    "ko": "브리프 {file}의 주장 검증, 자료와 방법, 협상 연표 전체, 근거 카드별 한 줄 요약."},
    "annex_main_text": {"en": "Main text", "es": "Texto principal", "ko": "본문"},
    "annex_sec_lines": {"en": "Methods, comparisons and caveats", "es": "Métodos, comparaciones y advertencias",
                        "ko": "방법, 비교 기준, 유의사항"},
    "annex_comparison": {"en": "Comparison", "es": "Comparación", "ko": "비교 기준"},
    "annex_cards_n": {"en": "{n:plural:card|cards}", "es": "{n:plural:ficha|fichas}", "ko": "카드 {n}개"},
    "annex_sec_timeline": {"en": "Negotiation timeline (full)", "es": "Cronología completa de las negociaciones",
                           "ko": "협상 연표 (전체)"},
    "annex_note": {"en": "Note", "es": "Nota", "ko": "비고"},
    "annex_sec_cards": {"en": "Evidence cards, one line each", "es": "Fichas de evidencia, una línea por ficha",
                        "ko": "근거 카드 (카드별 한 줄)"},
    "annex_card": {"en": "Card", "es": "Ficha", "ko": "카드"},
    "annex_value": {"en": "Value", "es": "Valor", "ko": "값"},
    "annex_sha": {"en": "SHA-256 (first 12)", "es": "SHA-256 (12 primeros)", "ko": "SHA-256 (앞 12자리)"},
    "annex_demo": {"en": "DEMO (made-up data)", "es": "DEMO (datos inventados)", "ko": "DEMO (가상 자료)"},
    "annex_code": {"en": "computed by {code}", "es": "calculado con {code}", "ko": "계산: {code}"},
    # method, comparison and caveat lines of the evidence cards: the English text is the pattern a card's
    # line is matched against ({field} = any text); es/ko render the same fields (dates in words)
    "annex_l_last_years": {"en": "{y1} vs {y0}: the last {n} years with data",
                           "es": "{y1} frente a {y0}: los últimos {n} años con datos",
                           "ko": "{y1}년 대비 {y0}년: 자료가 있는 최근 {n}년"},
    "annex_l_eci_rank": {"en": "ECI rank among all exporters in the dataset (1 = most complex)",
                         "es": "puesto en el ECI entre todos los exportadores del conjunto (1 = el más complejo)",
                         "ko": "데이터셋 전체 수출국 중 ECI 순위 (1 = 가장 복잡)"},
    "annex_l_build": {"en": "build identity", "es": "identidad de la compilación", "ko": "빌드 식별 정보"},
    "annex_l_cagr_window": {"en": "compound annual growth before vs after entry into force",
                            "es": "crecimiento anual compuesto antes y después de la entrada en vigor",
                            "ko": "발효 전후의 연평균 복합 증가율"},
    "annex_l_ge": {"en": "counterfactual vs baseline (full general equilibrium)",
                   "es": "contrafactual frente a línea de base (equilibrio general completo)",
                   "ko": "기준선 대비 반사실 (완전 일반균형)"},
    "annex_l_stage_date": {"en": "date of a negotiation stage", "es": "fecha de una etapa de la negociación",
                           "ko": "협상 단계의 날짜"},
    "annex_l_balance_last": {"en": "exports minus imports, last year with data",
                             "es": "exportaciones menos importaciones, último año con datos",
                             "ko": "수출 − 수입, 자료가 있는 마지막 연도"},
    "annex_l_since": {"en": "last year vs {year} (Global Financial Crisis)",
                      "es": "último año frente a {year} (crisis financiera mundial)",
                      "ko": "마지막 연도 대비 {year}년 (글로벌 금융위기)"},
    "annex_l_opportunities": {
        "en": "not yet exported with RCA >= 1; density at or above the exporter's median; PCI above its ECI; "
              "positive COG; ranked by the market's import demand",
        "es": "aún no exportado con VCR ≥ 1; densidad igual o superior a la mediana del exportador; PCI superior a "
              "su ECI; COG positiva; ordenado por la demanda de importaciones del mercado",
        "ko": "아직 RCA ≥ 1로 수출하지 않음; 밀도가 수출국 중앙값 이상; PCI가 ECI보다 높음; COG 양수; 시장의 수입 수요 순"},
    "annex_l_one_year": {"en": "one year's flows", "es": "flujos de un año", "ko": "한 해의 교역"},
    "annex_l_theta": {"en": "point solutions for other trade elasticities (theta), same partial effect",
                      "es": "soluciones puntuales con otras elasticidades del comercio (theta), mismo efecto parcial",
                      "ko": "다른 무역탄력성(theta)에서의 점 해, 같은 부분효과"},
    "annex_l_pooled_dummy": {"en": "pooled dummy for all agreements and both directions",
                             "es": "una sola variable ficticia para todos los acuerdos y ambas direcciones",
                             "ko": "모든 협정과 양방향에 하나의 더미"},
    "annex_l_post_years": {"en": "post-entry years in the panel vs the minimum needed to identify an FTA effect",
                           "es": "años del panel tras la entrada en vigor frente al mínimo necesario para identificar "
                                 "el efecto de un TLC",
                           "ko": "패널 내 발효 후 연수와 FTA 효과 식별에 필요한 최소 연수"},
    "annex_l_rows": {"en": "rows stored", "es": "filas almacenadas", "ko": "저장된 행"},
    "annex_l_claim": {"en": "seed brief claim vs the store's data",
                      "es": "afirmación de la nota original frente a los datos del almacén",
                      "ko": "원 브리프의 주장과 저장소 자료 비교"},
    "annex_l_rauch": {"en": "shares of exports to the world by Rauch (1999) conservative class",
                      "es": "participación de las exportaciones al mundo por clase conservadora de Rauch (1999)",
                      "ko": "Rauch(1999) 보수적 분류별 대세계 수출 비중"},
    "annex_l_sign": {"en": "sign of exports minus imports in each year present",
                     "es": "signo de exportaciones menos importaciones en cada año disponible",
                     "ko": "자료가 있는 각 연도의 수출 − 수입 부호"},
    "annex_l_partial": {"en": "trade with the agreement vs without it (partial equilibrium)",
                        "es": "comercio con el acuerdo frente a sin él (equilibrio parcial)",
                        "ko": "협정이 있을 때와 없을 때의 교역 (부분균형)"},
    "annex_l_unctad_status": {"en": "treaty status as listed by UNCTAD ({date})",
                              "es": "estado del tratado según la UNCTAD ({date})",
                              "ko": "UNCTAD 목록상 조약 상태 ({date})"},
    "annex_l_ppml_lags": {
        "en": "PPML with exporter-year, importer-year and pair fixed effects (pyfixest), SEs clustered by pair; "
              "dataset={dataset}; lags {lags}; formula: {formula}",
        "es": "PPML con efectos fijos exportador-año, importador-año y par (pyfixest), errores estándar agrupados "
              "por par; conjunto {dataset}; rezagos {lags}; fórmula: {formula}",
        "ko": "수출국-연도, 수입국-연도, 국가쌍 고정효과 PPML (pyfixest), 국가쌍 군집 표준오차; 데이터셋 {dataset}; "
              "시차 {lags}; 식: {formula}"},
    "annex_l_ppml_pooled": {
        "en": "PPML with exporter-year, importer-year and pair fixed effects (pyfixest), SEs clustered by pair; "
              "one dummy for {ids}",
        "es": "PPML con efectos fijos exportador-año, importador-año y par (pyfixest), errores estándar agrupados "
              "por par; una variable ficticia para {ids}",
        "ko": "수출국-연도, 수입국-연도, 국가쌍 고정효과 PPML (pyfixest), 국가쌍 군집 표준오차; {ids}에 하나의 더미"},
    "annex_l_curated": {"en": "{table} (curated from {file})", "es": "{table} (elaborado a partir de {file})",
                        "ko": "{table} ({file}에서 정리)"},
    "annex_l_treaty_tables": {"en": "agreements + agreement_members ({dataset})",
                              "es": "agreements + agreement_members ({dataset})",
                              "ko": "agreements + agreement_members ({dataset})"},
    "annex_l_ge_theta": {
        "en": "exact GE, hat algebra (Dekle-Eaton-Kortum; the ge_gravity model of Baier, Yotov & Zylkin 2019); "
              "sensitivity to theta",
        "es": "equilibrio general exacto por álgebra de cambios (Dekle-Eaton-Kortum; modelo ge_gravity de Baier, "
              "Yotov y Zylkin 2019); sensibilidad a theta",
        "ko": "hat algebra에 의한 정확한 일반균형 (Dekle-Eaton-Kortum; Baier·Yotov·Zylkin 2019의 ge_gravity 모형); "
              "theta 민감도"},
    "annex_l_ge_band": {
        "en": "exact GE, hat algebra (Dekle-Eaton-Kortum; the ge_gravity model of Baier, Yotov & Zylkin 2019); "
              "theta {theta} (sigma {sigma}); welfare = real income w/P, deficits a fixed share of output; "
              "band: {level} quantiles over {draws} draws of b from N(b, se^2)",
        "es": "equilibrio general exacto por álgebra de cambios (Dekle-Eaton-Kortum; modelo ge_gravity de Baier, "
              "Yotov y Zylkin 2019); theta {theta} (sigma {sigma}); bienestar = ingreso real w/P, déficits como "
              "proporción fija del producto; banda: cuantiles del {level} sobre {draws} extracciones de b de N(b, se^2)",
        "ko": "hat algebra에 의한 정확한 일반균형 (Dekle-Eaton-Kortum; Baier·Yotov·Zylkin 2019의 ge_gravity 모형); "
              "theta {theta} (sigma {sigma}); 후생 = 실질소득 w/P, 적자는 산출 대비 고정 비율; "
              "구간: N(b, se^2)에서 b를 {draws}회 추출한 {level} 분위 구간"},
    "annex_l_guard": {"en": "identification guard: >= {years} years after entry and >= {obs} post-entry panel observations",
                      "es": "regla de identificación: ≥ {years} años tras la entrada en vigor y ≥ {obs} observaciones "
                            "del panel posteriores",
                      "ko": "식별 조건: 발효 후 {years}년 이상, 발효 후 패널 관측치 {obs}개 이상"},
    "annex_l_complexity": {"en": "{module} (Stata ecomplexity definitions)",
                           "es": "{module} (definiciones de ecomplexity de Stata)",
                           "ko": "{module} (Stata ecomplexity 정의)"},
    "annex_l_in_baseline": {"en": "{pair}: already in force in the baseline, not added",
                            "es": "{pair}: ya vigente en la línea de base, no se añade",
                            "ko": "{pair}: 기준선에서 이미 발효 중이므로 추가하지 않음"},
    "annex_l_not_in_baseline": {"en": "{pair}: no agreement in force in the baseline, nothing to remove",
                                "es": "{pair}: sin acuerdo vigente en la línea de base, nada que eliminar",
                                "ko": "{pair}: 기준선에 발효 중인 협정이 없어 제거할 것이 없음"},
    "annex_l_unctad_list": {"en": "UNCTAD IIA Navigator list of {date}; later changes are not in it",
                            "es": "lista del IIA Navigator de la UNCTAD del {date}; no recoge cambios posteriores",
                            "ko": "UNCTAD IIA Navigator {date} 목록; 이후 변경은 반영되지 않음"},
    "annex_l_theta_sign": {"en": "a larger theta means closer substitutes: smaller terms-of-trade gains",
                           "es": "un theta mayor significa sustitutos más cercanos: menores ganancias de términos de "
                                 "intercambio",
                           "ko": "theta가 클수록 대체성이 높아 교역조건 이득이 작아진다"},
    "annex_l_no_lag": {"en": "an agreement that entered into force in the last panel year has no identified lag",
                       "es": "un acuerdo que entró en vigor en el último año del panel no tiene rezago identificado",
                       "ko": "패널 마지막 연도에 발효된 협정은 식별된 시차가 없다"},
    "annex_l_baseline": {"en": "baseline: {dataset} {year}, {n} countries, observed flows; not in it: {absent}",
                         "es": "línea de base: {dataset} {year}, {n} países, flujos observados; no incluidos: {absent}",
                         "ko": "기준선: {dataset} {year}, {n}개국, 관측 교역; 포함되지 않은 국가: {absent}"},
    "annex_l_windows": {
        "en": "before: the window ending the year before entry; after: the window starting at the entry year "
              "(the nearest panel years on each side)",
        "es": "antes: el periodo que termina el año anterior a la entrada en vigor; después: el que empieza el año "
              "de entrada (los años del panel más cercanos a cada lado)",
        "ko": "이전: 발효 전년에 끝나는 기간; 이후: 발효 연도에 시작하는 기간 (양쪽에서 가장 가까운 패널 연도)"},
    "annex_l_post_left_out": {"en": "dataset {dataset}: its post-entry observations are left out of every estimate",
                              "es": "conjunto {dataset}: sus observaciones posteriores a la entrada en vigor se "
                                    "excluyen de toda estimación",
                              "ko": "데이터셋 {dataset}: 발효 이후 관측치는 모든 추정에서 제외"},
    "annex_l_descriptive": {
        "en": "descriptive: a before/after comparison is not the FTA's causal effect (see the gravity estimates)",
        "es": "descriptivo: una comparación antes/después no es el efecto causal del TLC (véanse las estimaciones "
              "de gravedad)",
        "ko": "기술 통계: 전후 비교는 FTA의 인과 효과가 아니다 (중력모형 추정 참조)"},
    "annex_l_differs": {"en": "differs in direction from the gravity estimate: {ids}",
                        "es": "su dirección difiere de la estimación de gravedad: {ids}",
                        "ko": "중력모형 추정과 방향이 다름: {ids}"},
    "annex_l_world_only": {"en": "exports to the world: the store has no bilateral product flows for this classification",
                           "es": "exportaciones al mundo: el almacén no tiene flujos bilaterales por producto para "
                                 "esta clasificación",
                           "ko": "대세계 수출: 저장소에 이 분류의 양자 품목별 교역이 없다"},
    "annex_l_fetch": {"en": "fetch: {command}", "es": "obtener con: {command}", "ko": "받기: {command}"},
    "annex_l_import_demand": {
        "en": "import demand: proxy: {country}'s share of world imports in {year} ({share}, all goods, {dataset}) "
              "× world exports of the product",
        "es": "demanda de importaciones: aproximación: participación de {country} en las importaciones mundiales en "
              "{year} ({share}, todos los bienes, {dataset}) × exportaciones mundiales del producto",
        "ko": "수입 수요 근사: {year}년 {country}의 세계 수입 비중 ({share}, 전 품목, {dataset}) × 해당 품목의 세계 수출"},
    "annex_l_join_skipped": {"en": "join {who} {bloc}: {absent} not in the baseline, skipped",
                             "es": "adhesión {who} {bloc}: {absent} no está en la línea de base, se omite",
                             "ko": "가입 {who} {bloc}: {absent}은(는) 기준선에 없어 생략"},
    "annex_l_too_early": {"en": "left out as too early to estimate: {ids}",
                          "es": "excluidos por ser demasiado recientes para estimar: {ids}",
                          "ko": "추정하기에 너무 이른 것으로 제외: {ids}"},
    "annex_l_partial_b": {"en": "partial effect b = {b} (se {se}) from the pooled PPML estimate",
                          "es": "efecto parcial b = {b} (e.e. {se}) de la estimación PPML conjunta",
                          "ko": "통합 PPML 추정의 부분효과 b = {b} (표준오차 {se})"},
    "annex_l_mirror": {"en": "reporter and partner statistics differ; this panel uses one mirror of UN Comtrade",
                       "es": "las estadísticas del declarante y del socio difieren; este panel usa una sola réplica "
                             "de UN Comtrade",
                       "ko": "보고국과 상대국 통계는 다르며, 이 패널은 UN Comtrade의 한 미러를 사용한다"},
    "annex_l_lags": {"en": "the aggregate panel has one year in four, so phase-in lags are {a} and {b} years",
                     "es": "el panel agregado tiene un año de cada cuatro, por lo que los rezagos de "
                           "desgravación son de {a} y {b} años",
                     "ko": "집계 패널은 4년에 한 해씩이므로 단계적 시차는 {a}년과 {b}년이다"},
    "annex_l_one_in_four": {"en": "the panel has one year in four ({years})",
                            "es": "el panel tiene un año de cada cuatro ({years})",
                            "ko": "패널은 4년에 한 해씩이다 ({years})"},
    "annex_l_nominal": {"en": "values in current (nominal) USD", "es": "valores en USD corrientes (nominales)",
                        "ko": "경상(명목) 달러 기준"},
    "annex_l_sitc_vintage": {
        "en": "world SITC Rev.2 4-digit exports, {years} average: an old vintage, before all four FTAs in force",
        "es": "exportaciones mundiales CUCI Rev.2 a 4 dígitos, promedio {years}: datos antiguos, anteriores a la "
              "entrada en vigor de los cuatro TLC",
        "ko": "세계 SITC Rev.2 4단위 수출, {years} 평균: 네 FTA 발효 이전의 오래된 자료"},
    "annex_l_source": {"en": "source: {source}", "es": "fuente: {source}", "ko": "출처: {source}"},
    "annex_l_month_conf": {"en": "H for the month", "es": "confianza H para el mes", "ko": "월 기준 신뢰도 H"},
    "annex_l_about": {"en": "about {date}", "es": "hacia el {date}", "ko": "{date}경"},
    "annex_l_announced": {"en": "announced {date}", "es": "anunciado el {date}", "ko": "{date} 발표"},
    "annex_l_one_source": {"en": "one source says {date}", "es": "una fuente indica {date}", "ko": "한 출처는 {date}로 기록"},
    "annex_l_talks_from": {"en": "talks from {date}", "es": "conversaciones desde {date}", "ko": "{date}부터 협의"},
    "annex_l_first_half": {"en": "first half of {year}", "es": "primer semestre de {year}", "ko": "{year}년 상반기"},
    "annex_l_little_progress": {"en": "little progress after", "es": "pocos avances después", "ko": "이후 진전 미미"},
    "annex_l_not_concluded": {"en": "not concluded by this date", "es": "no concluido a esta fecha",
                              "ko": "이 날짜까지 미타결"},
    "chart_effect": {"en": "Change in exports, all else equal (exp(b)−1, 95% CI)",
                     "es": "Cambio en las exportaciones, todo lo demás igual (exp(b)−1, IC del 95 %)",
                     "ko": "수출 변화, 다른 조건 동일 (exp(b)−1, 95% 신뢰구간)"},
    "chart_estimated": {"en": "Estimated effect", "es": "Efecto estimado", "ko": "추정 효과"},
    "chart_pooled": {"en": "Pooled effect", "es": "Efecto conjunto", "ko": "통합 효과"},
    "chart_too_early": {"en": "Too early to estimate", "es": "Demasiado reciente para estimar", "ko": "추정하기에 이름"},
    "chart_too_early_note": {"en": "too early to estimate; not in the pooled effect",
                             "es": "demasiado reciente para estimar; excluido del efecto conjunto",
                             "ko": "추정하기에 이름; 통합 효과에서 제외"},
    "chart_fta_row": {"en": "{exporter} → {importer} (FTA {year})", "es": "{exporter} → {importer} (TLC {year})",
                      "ko": "{exporter} → {importer} (FTA {year})"},
    "chart_early_row": {"en": "{a}–{b} (FTA {year})", "es": "{a}–{b} (TLC {year})", "ko": "{a}–{b} (FTA {year})"},
    "chart_pooled_row": {"en": "Pooled: {n:plural:agreement|agreements}", "es": "Conjunto: {n:plural:acuerdo|acuerdos}",
                         "ko": "통합: 협정 {n}개"},
    "chart_fx": {"en": "Local currency per US$", "es": "Moneda local por US$", "ko": "미 달러당 현지 통화"},
    "chart_index": {"en": "Index, {year} = 100 (log scale)", "es": "Índice, {year} = 100 (escala logarítmica)",
                    "ko": "지수, {year} = 100 (로그 척도)"},
    "chart_fig_forest": {"en": "Gravity estimates of the FTAs' effect on exports, with 95% intervals; agreements too "
                               "recent to identify are marked and left out of the pooled effect.",
                         "es": "Estimaciones de gravedad del efecto de los TLC en las exportaciones, con intervalos "
                               "del 95 %; los acuerdos demasiado recientes se señalan y se excluyen del efecto conjunto.",
                         "ko": "FTA의 수출 효과에 대한 중력모형 추정치와 95% 구간. 식별하기에 너무 최근인 협정은 표시하고 "
                               "통합 효과에서 제외했다."},
    "chart_fig_fx": {"en": "Exports of {reporter} and each partner's currency per US dollar, as indices (a rise of "
                           "the currency line is a depreciation).",
                     "es": "Exportaciones de {reporter} y moneda de cada socio por dólar, como índices (una subida de "
                           "la línea de la moneda es una depreciación).",
                     "ko": "{reporter}의 수출과 각 상대국의 달러당 통화 가치 지수 (통화 선의 상승은 절하를 뜻한다)."},
}
