"""A section of the one string table: the dashboard's pages, forms and API docs (merged into :data:`tradebridge.i18n.strings.STRINGS`)."""

from __future__ import annotations

WEB: dict[str, dict[str, str]] = {
    # the data-vintage banner (every page)
    "vintage_label": {"en": "Data", "es": "Datos", "ko": "자료"},
    "vintage_years": {
        "en": "{dataset}: {first}–{last}, {spacing} ({n:plural:year|years}); the latest year is {last}",
        "es": "{dataset}: {first}–{last}, {spacing} ({n:plural:año|años}); el último año es {last}",
        "ko": "{dataset}: {first}–{last}년, {spacing}({n}개 연도); 최신 연도는 {last}년",
    },
    "vintage_annual": {"en": "every year", "es": "anual", "ko": "매년"},
    "vintage_every": {
        "en": "every {step} years",
        "es": "cada {step} años",
        "ko": "{step}년 간격",
    },
    "vintage_irregular": {"en": "irregular spacing", "es": "espaciado irregular", "ko": "불규칙 간격"},
    "vintage_no_years": {
        "en": "{dataset}: no trade rows in the warehouse",
        "es": "{dataset}: el almacén no tiene filas de comercio",
        "ko": "{dataset}: 저장소에 교역 자료가 없음",
    },
    "vintage_no_store": {
        "en": "No warehouse yet: build it with `tradebridge data ingest --raw DIR`",
        "es": "Aún no hay almacén: créelo con `tradebridge data ingest --raw DIR`",
        "ko": "저장소가 아직 없음: `tradebridge data ingest --raw DIR`로 만든다",
    },
    "vintage_store": {"en": "warehouse version", "es": "versión del almacén", "ko": "저장소 버전"},
    "vintage_datasets": {
        "en": "{n:plural:dataset|datasets} and their versions",
        "es": "{n:plural:conjunto de datos|conjuntos de datos} y sus versiones",
        "ko": "데이터셋 {n}개와 버전",
    },
    "vintage_version": {"en": "Version", "es": "Versión", "ko": "버전"},
    "vintage_ingested": {"en": "Ingested", "es": "Cargado", "ko": "적재일"},
    # API documentation
    "apidocs_title": {"en": "API documentation", "es": "Documentación de la API", "ko": "API 문서"},
    "apidocs_lead": {
        "en": "Every dashboard page has a JSON twin under /api. The description below is the OpenAPI document "
              "of this server; everything on this page is served by the app itself:",
        "es": "Cada página del panel tiene su gemela JSON bajo /api. La descripción de abajo es el documento "
              "OpenAPI de este servidor; todo lo de esta página lo sirve la propia aplicación:",
        "ko": "대시보드의 모든 페이지는 /api 아래에 JSON 버전이 있다. 아래 설명은 이 서버의 OpenAPI 문서이며, "
              "이 페이지의 모든 자원은 앱이 직접 제공한다:",
    },
    "apidocs_noscript": {
        "en": "The interactive documentation needs JavaScript; the OpenAPI document itself is plain JSON:",
        "es": "La documentación interactiva necesita JavaScript; el documento OpenAPI es JSON simple:",
        "ko": "대화형 문서는 JavaScript가 필요하다. OpenAPI 문서 자체는 일반 JSON이다:",
    },
    "back_dashboard": {"en": "Back to the dashboard", "es": "Volver al panel", "ko": "대시보드로 돌아가기"},
    # survey pages (the frame around J8's forms)
    "survey_list": {"en": "Surveys", "es": "Encuestas", "ko": "설문"},
    "survey_other_langs": {"en": "Other languages", "es": "Otros idiomas", "ko": "다른 언어"},
    # admin
    "admin_surveys": {"en": "Surveys", "es": "Encuestas", "ko": "설문"},
    "admin_coding": {"en": "Interview coding", "es": "Codificación de entrevistas", "ko": "인터뷰 코딩"},
    "admin_logout": {"en": "Log out", "es": "Cerrar sesión", "ko": "로그아웃"},
    "admin_login": {"en": "Log in", "es": "Iniciar sesión", "ko": "로그인"},
    "admin_password": {"en": "Password", "es": "Contraseña", "ko": "비밀번호"},
    "admin_responses": {"en": "Responses", "es": "Respuestas", "ko": "응답"},
    "admin_languages": {"en": "languages", "es": "idiomas", "ko": "언어"},
    "admin_tokens": {"en": "Invitation tokens", "es": "Códigos de invitación", "ko": "초대 토큰"},
    "admin_issue": {"en": "Issue", "es": "Emitir", "ko": "발급"},
    "admin_submission": {"en": "Submission", "es": "Envío", "ko": "제출 ID"},
    "admin_comments": {"en": "Comments", "es": "Comentarios", "ko": "의견"},
    "admin_links": {"en": "Invitation links", "es": "Enlaces de invitación", "ko": "초대 링크"},
    "admin_links_note": {
        "en": "Each link works once. They are shown only now (the server keeps only their hashes): copy them.",
        "es": "Cada enlace sirve una sola vez. Solo se muestran ahora (el servidor guarda únicamente sus hashes): "
              "cópielos.",
        "ko": "각 링크는 한 번만 쓸 수 있다. 지금만 표시되므로(서버는 해시만 보관) 복사해 둔다.",
    },
    "admin_closed": {
        "en": "The admin area is closed until TRADEBRIDGE_ADMIN_PASSWORD_HASH is set; make one with",
        "es": "El área de administración está cerrada hasta que se defina TRADEBRIDGE_ADMIN_PASSWORD_HASH; "
              "créelo con",
        "ko": "TRADEBRIDGE_ADMIN_PASSWORD_HASH를 설정할 때까지 관리 영역은 닫혀 있다. 만드는 명령:",
    },
    "admin_code": {"en": "Code", "es": "Codificar", "ko": "코딩"},
    "admin_coder": {"en": "Coder", "es": "Codificador", "ko": "코더"},
    "admin_coded": {"en": "Coded", "es": "Codificados", "ko": "코딩됨"},
    "admin_too_many": {
        "en": "Too many failed logins from your address; try again later.",
        "es": "Demasiados intentos fallidos desde su dirección; vuelva a intentarlo más tarde.",
        "ko": "이 주소에서 로그인 실패가 너무 많다. 나중에 다시 시도한다.",
    },
    "admin_locked": {
        "en": "This account is locked after too many failed logins; try again in {minutes} min.",
        "es": "Esta cuenta está bloqueada tras demasiados intentos fallidos; vuelva a intentarlo en {minutes} min.",
        "ko": "로그인 실패가 너무 많아 계정이 잠겼다. {minutes}분 후에 다시 시도한다.",
    },
    "admin_expired": {
        "en": "This form has expired; please try again.",
        "es": "Este formulario expiró; inténtelo de nuevo.",
        "ko": "양식이 만료되었다. 다시 시도한다.",
    },
    "admin_wrong": {"en": "Wrong password.", "es": "Contraseña incorrecta.", "ko": "비밀번호가 틀렸다."},
    "admin_unset": {
        "en": "The admin area is closed: set TRADEBRIDGE_ADMIN_PASSWORD_HASH.",
        "es": "El área de administración está cerrada: defina TRADEBRIDGE_ADMIN_PASSWORD_HASH.",
        "ko": "관리 영역이 닫혀 있다: TRADEBRIDGE_ADMIN_PASSWORD_HASH를 설정한다.",
    },
    "admin_no_project": {
        "en": "No interview project configured: set TRADEBRIDGE_INTERVIEWS to a project folder.",
        "es": "No hay un proyecto de entrevistas configurado: apunte TRADEBRIDGE_INTERVIEWS a una carpeta de proyecto.",
        "ko": "인터뷰 프로젝트가 설정되지 않았다: TRADEBRIDGE_INTERVIEWS를 프로젝트 폴더로 지정한다.",
    },
    "kib": {"en": "KiB", "es": "KiB", "ko": "KiB"},
    "window_one_year": {
        "en": "one year of data only (the data end in {last}): no growth rate",
        "es": "un solo año de datos (los datos terminan en {last}): sin tasa de crecimiento",
        "ko": "자료가 한 해뿐({last}년에 끝남): 성장률 없음",
    },
    # --- J8: hardening (survey access, chart export) ---
    "sec_invitation_only": {
        "en": "This survey is by invitation only: please open the personal link in your invitation.",
        "es": "Esta encuesta es solo por invitación: abra el enlace personal de su invitación.",
        "ko": "이 설문은 초대받은 분만 응답할 수 있습니다. 초대장에 있는 개인 링크로 접속해 주십시오.",
    },
    "sec_invitation_invalid": {
        "en": "This invitation link is not valid or has already been used.",
        "es": "Este enlace de invitación no es válido o ya fue utilizado.",
        "ko": "이 초대 링크는 유효하지 않거나 이미 사용되었습니다.",
    },
    "sec_too_many_responses": {
        "en": "Too many responses have been sent from your network address in the last hour; your answers are kept below, please send them again later.",
        "es": "Se enviaron demasiadas respuestas desde su dirección de red en la última hora; sus respuestas se conservan abajo, envíelas de nuevo más tarde.",
        "ko": "최근 한 시간 동안 귀하의 네트워크 주소에서 너무 많은 응답이 제출되었습니다. 아래 응답은 그대로 남아 있으니 잠시 후 다시 제출해 주십시오.",
    },
    "sec_chart_save_svg": {"en": "Save as SVG", "es": "Guardar como SVG", "ko": "SVG로 저장"},
    "sec_chart_save_png": {"en": "Save as PNG", "es": "Guardar como PNG", "ko": "PNG로 저장"},
    "sec_chart_menu": {"en": "Export this chart", "es": "Exportar este gráfico", "ko": "이 차트 내보내기"},
    # --- explorer and API downloads (expl_*) ---
    "expl_col_year": {"en": "Year", "es": "Año", "ko": "연도"},
    "expl_col_partner": {"en": "Partner", "es": "Socio", "ko": "상대국"},
    "expl_col_exporter": {"en": "Exporter", "es": "Exportador", "ko": "수출국"},
    "expl_col_importer": {"en": "Importer", "es": "Importador", "ko": "수입국"},
    "expl_col_exports": {"en": "Exports", "es": "Exportaciones", "ko": "수출"},
    "expl_col_imports": {"en": "Imports", "es": "Importaciones", "ko": "수입"},
    "expl_col_total_trade": {"en": "Total trade", "es": "Comercio total", "ko": "총교역"},
    "expl_col_balance": {"en": "Balance", "es": "Saldo", "ko": "무역수지"},
    "expl_col_world_trade": {"en": "World trade", "es": "Comercio mundial", "ko": "세계 교역"},
    "expl_col_share_of_world_trade": {"en": "Share of world trade", "es": "Participación en el comercio mundial",
                                      "ko": "세계 교역 비중"},
    "expl_col_members_missing": {"en": "Members without data", "es": "Miembros sin datos", "ko": "자료 없는 회원국"},
    "expl_col_prev_year": {"en": "Previous year", "es": "Año anterior", "ko": "이전 연도"},
    "expl_col_exports_growth": {"en": "Export growth per year", "es": "Crecimiento anual de las exportaciones",
                                "ko": "연평균 수출 증가율"},
    "expl_col_imports_growth": {"en": "Import growth per year", "es": "Crecimiento anual de las importaciones",
                                "ko": "연평균 수입 증가율"},
    "expl_col_total_trade_growth": {"en": "Trade growth per year", "es": "Crecimiento anual del comercio",
                                    "ko": "연평균 교역 증가율"},
    "expl_col_status": {"en": "Status", "es": "Estado", "ko": "상태"},
    "expl_col_intensity": {"en": "Trade intensity", "es": "Intensidad comercial", "ko": "무역집중도"},
    "expl_col_hhi": {"en": "HHI", "es": "IHH", "ko": "HHI"},
    "expl_col_hhi_normalised": {"en": "HHI (normalised)", "es": "IHH (normalizado)", "ko": "HHI(정규화)"},
    "expl_col_n": {"en": "Count", "es": "Número", "ko": "개수"},
    "expl_col_product": {"en": "Product", "es": "Producto", "ko": "품목"},
    "expl_col_value_usd": {"en": "Value", "es": "Valor", "ko": "금액"},
    "expl_col_value": {"en": "Value", "es": "Valor", "ko": "금액"},
    "expl_col_rca": {"en": "RCA", "es": "VCR", "ko": "RCA"},
    "expl_col_specialised": {"en": "RCA ≥ 1", "es": "VCR ≥ 1", "ko": "RCA ≥ 1"},
    "expl_col_share": {"en": "Share", "es": "Proporción", "ko": "비중"},
    "expl_col_group": {"en": "Group", "es": "Grupo", "ko": "품목군"},
    "expl_col_direction": {"en": "Direction", "es": "Sentido", "ko": "방향"},
    "expl_col_rank": {"en": "Rank", "es": "Puesto", "ko": "순위"},
    "expl_chart_title": {"en": "Indicator: {name}", "es": "Indicador: {name}", "ko": "지표: {name}"},
    "expl_download_csv": {"en": "Download this table (CSV)", "es": "Descargar esta tabla (CSV)",
                          "ko": "이 표 내려받기(CSV)"},
    "expl_years": {"en": "Years in {dataset}: {span} (years with data: {n}).",
                   "es": "Años en {dataset}: {span} (años con datos: {n}).",
                   "ko": "{dataset}의 연도: {span}(자료가 있는 해: {n})."},
    "expl_rows_shown": {"en": "The table shows the first {shown} of {total} rows; the CSV has them all.",
                        "es": "La tabla muestra las primeras {shown} de {total} filas; el CSV las contiene todas.",
                        "ko": "표에는 전체 {total}행 중 처음 {shown}행만 보인다. CSV에는 모두 들어 있다."},
    "expl_offered": {"en": "Indicators this dataset supports: {names}.",
                     "es": "Indicadores que admite este conjunto de datos: {names}.",
                     "ko": "이 데이터셋으로 계산할 수 있는 지표: {names}."},
    "expl_totals_only": {"en": "This dataset has totals only (no product detail), so only aggregate indicators are offered.",
                         "es": "Este conjunto de datos solo tiene totales (sin detalle por producto): solo se ofrecen indicadores agregados.",
                         "ko": "이 데이터셋에는 총액만 있어(품목 구분 없음) 총량 지표만 제공한다."},
    "expl_units": {"en": "Money in current US dollars, scaled as each column title says; shares and growth rates in percent. The CSV holds the raw values (USD, fractions).",
                   "es": "Montos en dólares corrientes, en la escala que indica cada columna; proporciones y tasas de crecimiento en porcentaje. El CSV contiene los valores sin escalar (USD, fracciones).",
                   "ko": "금액은 경상 미국 달러로, 각 열 제목의 단위로 표시한다. 비중과 증가율은 백분율이다. CSV에는 원래 값(달러, 비율)이 들어 있다."},
    "expl_products_link": {"en": "Products: a treemap of each direction and the product space",
                           "es": "Productos: un mapa de árbol por sentido y el espacio de productos",
                           "ko": "품목: 방향별 트리맵과 제품 공간"},
    "expl_all_years": {"en": "all", "es": "todos", "ko": "전체"},
    # --- end explorer ---
    # --- scenarios (J5) ---
    "scen_lead": {
        "en": "General-equilibrium counterfactuals (structural gravity, exact hat algebra): % change with the band "
              "from draws of the FTA effect. Open a scenario to change its parameters and run it; each run is "
              "computed once per data version and kept.",
        "es": "Contrafactuales de equilibrio general (gravedad estructural, álgebra de sombreros exacta): variación % "
              "con la banda según extracciones del efecto del TLC. Abra un escenario para cambiar sus parámetros y "
              "ejecutarlo; cada ejecución se calcula una vez por versión de los datos y se conserva.",
        "ko": "일반균형 반사실 분석(구조적 중력모형, 정확한 hat algebra): FTA 효과 추출에 따른 구간과 함께 변화율(%). "
              "시나리오를 열어 매개변수를 바꾸고 실행할 수 있으며, 각 실행은 데이터 버전마다 한 번 계산되어 보관됩니다.",
    },
    "scen_content": {"en": "What this scenario does on the data present",
                     "es": "Qué hace este escenario con los datos disponibles",
                     "ko": "현재 데이터에서 이 시나리오가 실제로 하는 일"},
    "scen_baseline": {"en": "Baseline: {data} data for {year}, {n:plural:economy|economies}.",
                      "es": "Año base: datos {data} de {year}, {n:plural:economía|economías}.",
                      "ko": "기준: {data} 데이터 {year}년, {n}개 경제권."},
    "scen_in_force": {"en": "In force in {year}: {list}.", "es": "En vigor en {year}: {list}.",
                      "ko": "{year}년에 발효 중인 협정: {list}."},
    "scen_not_yet": {"en": "Not yet in force in {year}: {list}.", "es": "Aún no en vigor en {year}: {list}.",
                     "ko": "{year}년에 아직 발효 전인 협정: {list}."},
    "scen_adds": {"en": "The scenario adds an agreement between: {list}.",
                  "es": "El escenario añade un acuerdo entre: {list}.",
                  "ko": "시나리오가 새로 추가하는 협정: {list}."},
    "scen_removes": {"en": "The scenario removes the agreement between: {list}.",
                     "es": "El escenario elimina el acuerdo entre: {list}.",
                     "ko": "시나리오가 철폐하는 협정: {list}."},
    "scen_already": {"en": "Already in force in {year}, so not added again: {list}.",
                     "es": "Ya en vigor en {year}, por lo que no se añade de nuevo: {list}.",
                     "ko": "{year}년에 이미 발효되어 다시 추가하지 않음: {list}."},
    "scen_nothing_to_remove": {"en": "Not in force in {year}, so removing it changes nothing: {list}.",
                               "es": "No está en vigor en {year}, así que eliminarlo no cambia nada: {list}.",
                               "ko": "{year}년에 발효 전이어서 철폐해도 변화 없음: {list}."},
    "scen_absent_pair": {"en": "Not computed (a country is not in the baseline): {list}.",
                         "es": "No calculado (un país no está en el año base): {list}.",
                         "ko": "계산하지 않음(기준 데이터에 없는 국가): {list}."},
    "scen_no_effect": {"en": "With these pairs the scenario changes nothing on this baseline.",
                       "es": "Con estos pares el escenario no cambia nada en este año base.",
                       "ko": "이 국가쌍으로는 이 기준 데이터에서 시나리오가 아무것도 바꾸지 않습니다."},
    "scen_absent": {"en": "Not in the baseline's country sample, so no result is shown for: {list}.",
                    "es": "No figuran en la muestra de países del año base, por lo que no se muestra resultado para: {list}.",
                    "ko": "기준 데이터의 국가 표본에 없어 결과를 표시하지 않음: {list}."},
    "scen_theta": {"en": "Trade elasticity (θ)", "es": "Elasticidad del comercio (θ)", "ko": "무역 탄력성(θ)"},
    "scen_draws": {"en": "Draws (uncertainty)", "es": "Extracciones (incertidumbre)", "ko": "추출 횟수(불확실성)"},
    "scen_pairs": {"en": "Pairs", "es": "Pares", "ko": "국가쌍"},
    "scen_pair": {"en": "Pair", "es": "Par", "ko": "국가쌍"},
    "scen_pairs_join": {"en": "Pairs: every member of the bloc (fixed by the scenario)",
                        "es": "Pares: cada miembro del bloque (fijados por el escenario)",
                        "ko": "국가쌍: 블록의 모든 회원국(시나리오로 고정)"},
    "scen_queued": {"en": "Queued: position {position}.", "es": "En cola: posición {position}.",
                    "ko": "대기 중: {position}번째."},
    "scen_step": {"en": "Step {step} of {steps}: {what}.", "es": "Paso {step} de {steps}: {what}.",
                  "ko": "{steps}단계 중 {step}단계: {what}."},
    "scen_what_starting": {"en": "starting", "es": "iniciando", "ko": "시작"},
    "scen_what_partial": {"en": "estimating the pooled partial effect of the FTAs",
                          "es": "estimando el efecto parcial conjunto de los TLC",
                          "ko": "FTA 통합 부분 효과 추정"},
    "scen_what_baseline": {"en": "reading the baseline", "es": "leyendo el año base", "ko": "기준 데이터 읽기"},
    "scen_what_solving": {"en": "solving the general equilibrium (central value and draws)",
                          "es": "resolviendo el equilibrio general (valor central y extracciones)",
                          "ko": "일반균형 풀이(중심값과 추출)"},
    "scen_what_saving": {"en": "saving the result", "es": "guardando el resultado", "ko": "결과 저장"},
    "scen_refresh": {"en": "This page refreshes by itself until the run is done.",
                     "es": "Esta página se actualiza sola hasta que termine la ejecución.",
                     "ko": "실행이 끝날 때까지 이 페이지는 자동으로 새로 고쳐집니다."},
    "scen_in_progress": {"en": "Running", "es": "En ejecución", "ko": "실행 중"},
    "scen_done": {"en": "Done", "es": "Terminado", "ko": "완료"},
    "scen_open": {"en": "Open", "es": "Abrir", "ko": "열기"},
    "scen_results": {"en": "Results", "es": "Resultados", "ko": "결과"},
    "scen_pairs_trade": {"en": "Trade of the shocked pairs (% change)",
                         "es": "Comercio de los pares afectados (variación %)",
                         "ko": "충격 국가쌍의 교역(변화율 %)"},
    "scen_busy": {"en": "The server is running as many scenarios as it takes; try again in {seconds} s.",
                  "es": "El servidor está ejecutando tantos escenarios como admite; vuelva a intentarlo en {seconds} s.",
                  "ko": "서버가 처리할 수 있는 최대 수의 시나리오를 실행 중입니다. {seconds}초 후 다시 시도하십시오."},
    "scen_cross_site": {"en": "Nothing was started: the form did not come from this site or has expired. Reload the "
                              "page and try again.",
                        "es": "No se inició nada: el formulario no vino de este sitio o ha caducado. Recargue la página "
                              "e inténtelo de nuevo.",
                        "ko": "실행되지 않았습니다. 양식이 이 사이트에서 온 것이 아니거나 만료되었습니다. 페이지를 새로 고친 후 "
                              "다시 시도하십시오."},
    "scen_invalid": {"en": "The parameters are not valid:", "es": "Los parámetros no son válidos:",
                     "ko": "매개변수가 올바르지 않습니다:"},
    # --- end scenarios ---
    # --- review fixes (indicator names, row status, agreement kinds and confidence) ---
    "expl_ind_balance": {"en": "Trade flows and balance", "es": "Flujos comerciales y saldo", "ko": "교역액과 무역수지"},
    "expl_ind_rca": {"en": "Revealed comparative advantage (Balassa)", "es": "Ventaja comparativa revelada (Balassa)",
                     "ko": "현시비교우위(발라사)"},
    "expl_ind_grubel_lloyd": {"en": "Intra-industry trade (Grubel–Lloyd, by product)",
                              "es": "Comercio intraindustrial (Grubel-Lloyd, por producto)",
                              "ko": "산업내무역 지수(그루벨-로이드, 품목별)"},
    "expl_ind_grubel_lloyd_aggregate": {"en": "Intra-industry trade (Grubel–Lloyd, aggregate)",
                                        "es": "Comercio intraindustrial (Grubel-Lloyd, agregado)",
                                        "ko": "산업내무역 지수(그루벨-로이드, 전체)"},
    "expl_ind_complementarity": {"en": "Trade complementarity index", "es": "Índice de complementariedad comercial",
                                 "ko": "무역보완도 지수"},
    "expl_ind_intensity": {"en": "Trade intensity index", "es": "Índice de intensidad comercial", "ko": "무역집중도 지수"},
    "expl_ind_hhi_products": {"en": "Product concentration (HHI)", "es": "Concentración por productos (IHH)",
                              "ko": "품목 집중도(HHI)"},
    "expl_ind_hhi_markets": {"en": "Market concentration (HHI)", "es": "Concentración por mercados (IHH)",
                             "ko": "시장 집중도(HHI)"},
    "expl_ind_similarity": {"en": "Export similarity index", "es": "Índice de similitud de las exportaciones",
                            "ko": "수출유사도 지수"},
    "expl_ind_margins": {"en": "Extensive and intensive margins", "es": "Márgenes extensivo e intensivo",
                         "ko": "확장·집약 마진"},
    "expl_ind_new_products": {"en": "New products exported", "es": "Productos nuevos exportados", "ko": "신규 수출 품목"},
    "expl_ind_composition_section": {"en": "Composition by HS section", "es": "Composición por sección del SA",
                                     "ko": "HS 부별 구성"},
    "expl_ind_composition_chapter": {"en": "Composition by HS chapter", "es": "Composición por capítulo del SA",
                                     "ko": "HS 류별 구성"},
    "expl_ind_composition_end_use": {"en": "Composition by end use (BEC)", "es": "Composición por uso final (CGCE)",
                                     "ko": "용도별 구성(BEC)"},
    "expl_ind_composition_rauch": {"en": "Composition by Rauch type", "es": "Composición según la clasificación de Rauch",
                                   "ko": "라우치 분류별 구성"},
    "expl_ind_composition_sector": {"en": "Composition by sector", "es": "Composición por sector", "ko": "산업별 구성"},
    "expl_ind_top_products": {"en": "Top products", "es": "Principales productos", "ko": "주요 품목"},
    "expl_status_ok": {"en": "data", "es": "con datos", "ko": "자료 있음"},
    "expl_status_missing": {"en": "no data", "es": "sin datos", "ko": "자료 없음"},
    "agr_kind_fta": {"en": "Free trade agreement", "es": "Tratado de libre comercio", "ko": "자유무역협정"},
    "agr_kind_bit": {"en": "Bilateral investment treaty", "es": "Acuerdo de promoción y protección de inversiones",
                     "ko": "투자협정"},
    "agr_kind_associate_membership": {"en": "Associate membership", "es": "Membresía de Estado asociado",
                                      "ko": "준회원국 가입"},
    "agr_kind_regional_integration": {"en": "Regional integration", "es": "Integración regional", "ko": "지역 통합"},
    "agr_conf_h": {"en": "High", "es": "Alta", "ko": "높음"},
    "agr_conf_m": {"en": "Medium", "es": "Media", "ko": "중간"},
    "expl_note_no_dataset": {"en": "no dataset {dataset} in the warehouse; showing another (loaded: {loaded})",
                             "es": "el almacén no tiene el conjunto de datos {dataset}; se muestra otro "
                                   "(cargados: {loaded})",
                             "ko": "저장소에 없는 데이터셋({dataset}) 대신 다른 데이터셋을 표시합니다(적재됨: {loaded})"},
    "expl_note_needs_products": {"en": "indicator {code} needs product data that dataset {dataset} does not have; "
                                       "with it choose one of {names}",
                                 "es": "el indicador {code} necesita datos por producto que el conjunto {dataset} no "
                                       "tiene; con él elija uno de: {names}",
                                 "ko": "지표 {code}에는 데이터셋 {dataset}에 없는 품목별 자료가 필요합니다. 이 데이터셋으로는 "
                                       "다음 중 하나를 고르십시오: {names}"},
    "cx_density": {"en": "Density", "es": "Densidad", "ko": "밀도"},
    # --- end review fixes ---
    # library errors as the dashboard shows them (tradebridge.i18n.error_text; the error's key names the entry)
    "err_unknown_partner": {
        "en": "Unknown country code: {codes}. Enter three-letter ISO codes, separated by commas, or the id of a "
              "bloc ({blocs}).",
        "es": "Código de país desconocido: {codes}. Escriba códigos ISO de tres letras, separados por comas, o el "
              "identificador de un bloque ({blocs}).",
        "ko": "알 수 없는 국가 코드: {codes}. 세 글자 ISO 코드를 쉼표로 구분해 입력하거나 블록 식별자({blocs})를 "
              "입력하십시오.",
    },
    "err_unknown_partners": {
        "en": "Unknown country codes: {codes}. Enter three-letter ISO codes, separated by commas, or the id of a "
              "bloc ({blocs}).",
        "es": "Códigos de país desconocidos: {codes}. Escriba códigos ISO de tres letras, separados por comas, o el "
              "identificador de un bloque ({blocs}).",
        "ko": "알 수 없는 국가 코드: {codes}. 세 글자 ISO 코드를 쉼표로 구분해 입력하거나 블록 식별자({blocs})를 "
              "입력하십시오.",
    },
    "err_unknown_reporter": {
        "en": "Unknown reporter code: {code}. Enter the three-letter ISO code of one country.",
        "es": "Código de país informante desconocido: {code}. Escriba el código ISO de tres letras de un país.",
        "ko": "알 수 없는 보고국 코드: {code}. 한 나라의 세 글자 ISO 코드를 입력하십시오.",
    },
    "err_reporter_is_bloc": {
        "en": "{code} is a bloc; the reporter is one country. Enter its three-letter ISO code, and the bloc as "
              "partners.",
        "es": "{code} es un bloque; el país informante es un solo país. Escriba su código ISO de tres letras y el "
              "bloque como socios.",
        "ko": "{code}: 블록입니다. 보고국은 한 나라여야 합니다. 세 글자 ISO 코드를 입력하고 블록은 상대국 칸에 "
              "입력하십시오.",
    },
    "err_no_partners": {
        "en": "No partners given. Enter three-letter ISO codes, separated by commas, or the id of a bloc ({blocs}).",
        "es": "No se indicó ningún socio. Escriba códigos ISO de tres letras, separados por comas, o el identificador "
              "de un bloque ({blocs}).",
        "ko": "상대국이 없습니다. 세 글자 ISO 코드를 쉼표로 구분해 입력하거나 블록 식별자({blocs})를 입력하십시오.",
    },
    "err_only_reporter": {
        "en": "No partners left: the list names only the reporter ({reporter}). Enter other countries or a bloc.",
        "es": "No quedan socios: la lista solo nombra al país informante ({reporter}). Escriba otros países o un "
              "bloque.",
        "ko": "남은 상대국이 없습니다: 목록에 보고국({reporter})만 있습니다. 다른 나라나 블록을 입력하십시오.",
    },
    "err_unknown_in_store": {
        "en": "The warehouse has no data on {codes}. Enter other countries.",
        "es": "El almacén no tiene datos de {codes}. Escriba otros países.",
        "ko": "저장소에 {codes} 자료가 없습니다. 다른 나라를 입력하십시오.",
    },
    "err_no_store": {
        "en": "No data loaded yet: the site's administrator builds the warehouse with "
              "`tradebridge data ingest --raw DIR`.",
        "es": "Aún no hay datos cargados: el administrador del sitio crea el almacén con "
              "`tradebridge data ingest --raw DIR`.",
        "ko": "아직 적재된 자료가 없습니다. 사이트 관리자가 `tradebridge data ingest --raw DIR`로 저장소를 만듭니다.",
    },
    "err_no_product_dataset": {
        "en": "No dataset {dataset} with product codes. Available: {choices}.",
        "es": "No hay un conjunto de datos {dataset} con códigos de producto. Disponibles: {choices}.",
        "ko": "품목 코드가 있는 데이터셋 {dataset}이(가) 없습니다. 사용 가능: {choices}.",
    },
    "err_no_product_detail": {
        "en": "The dataset {dataset} has no product detail. Choose a product-level dataset, or an indicator of "
              "total trade (balance, trade intensity, concentration of markets).",
        "es": "El conjunto de datos {dataset} no tiene detalle por producto. Elija un conjunto con productos o un "
              "indicador del comercio total (balanza, intensidad comercial, concentración de mercados).",
        "ko": "데이터셋 {dataset}에는 품목별 자료가 없습니다. 품목별 데이터셋이나 총교역 지표(무역수지, 무역집중도, "
              "시장 집중도)를 고르십시오.",
    },
}
