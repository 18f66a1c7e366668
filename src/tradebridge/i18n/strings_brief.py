"""A section of the one string table: the policy brief's prose, sections and annex (merged into :data:`tradebridge.i18n.strings.STRINGS`).

The main text's sentences (keys ``br_*``) are filled by :mod:`tradebridge.report.narrative`: numbers
arrive formatted and linked to their evidence card; names take the grammar specs of
:mod:`tradebridge.i18n.grammar`. Wording never holds a digit: every number is a field.

>>> from tradebridge.i18n import t
>>> t("ko", "br_sec_scenarios", missing="멕시코"), t("es", "br_sec_scenarios", missing="México")
('멕시코와 준회원국 가입', 'México y la membresía asociada')
"""

from __future__ import annotations

BRIEF: dict[str, dict[str, str]] = {
    # short agreement labels of charts and timelines ('Korea–Chile FTA', 'TLC Corea–Chile', '한국–칠레 FTA')
    "agr_short": {"en": "{a}–{b} {kind}", "es": "{kind} {a}–{b}", "ko": "{a}–{b} {kind}"},
    "agr_short_assoc": {"en": "{a}: {b} associate", "es": "{a}: asociado {b:de}", "ko": "{a}: {b} 준회원"},
    "agr_kind_short_FTA": {"en": "FTA", "es": "TLC", "ko": "FTA"},
    "agr_kind_short_BIT": {"en": "BIT", "es": "APPI", "ko": "투자협정"},
    # --- headings, figure and annex labels -------------------------------------------------------
    "br_sec_summary": {"en": "Summary", "es": "Resumen", "ko": "요약"},
    "br_sec_messages": {"en": "Key messages", "es": "Mensajes clave", "ko": "핵심 메시지"},
    "br_sec_relation": {"en": "An asymmetric relationship", "es": "Una relación asimétrica", "ko": "비대칭적 관계"},
    "br_sec_traded": {"en": "What is traded", "es": "Qué se comercia", "ko": "무엇을 교역하는가"},
    "br_sec_fta": {"en": "What the FTAs did", "es": "Qué lograron los TLC", "ko": "FTA의 효과"},
    "br_sec_scenarios": {"en": "{missing} and associate membership", "es": "{missing} y la membresía asociada",
                         "ko": "{missing:와} 준회원국 가입"},
    "br_sec_scenarios_generic": {"en": "Missing agreements and scenarios", "es": "Acuerdos pendientes y escenarios",
                                 "ko": "미체결 협정과 시나리오"},
    "br_sec_investment": {"en": "Investment, aid and cooperation", "es": "Inversión, ayuda y cooperación",
                          "ko": "투자·원조·협력"},
    "br_sec_shocks": {"en": "Shocks: exchange rates and the pandemic", "es": "Choques: tipos de cambio y pandemia",
                      "ko": "충격: 환율과 팬데믹"},
    "br_sec_views": {"en": "Perceptions", "es": "Percepciones", "ko": "인식"},
    "br_fig": {"en": "Figure {n}.", "es": "Figura {n}.", "ko": "그림 {n}."},
    "br_fig_flows": {
        "en": "Exports and imports of {reporter} with each member and the bloc (current USD); marks: FTA entry into force",
        "es": "Exportaciones e importaciones de {reporter} con cada miembro y el bloque (USD corrientes); marcas: entrada en vigor de los TLC",
        "ko": "{reporter}의 회원국별·블록 전체 수출입(경상 달러), 표시: FTA 발효",
    },
    "br_fig_balance": {
        "en": "Trade balance of {reporter} with each member (current USD)",
        "es": "Saldo comercial de {reporter} con cada miembro (USD corrientes)",
        "ko": "{reporter}의 회원국별 무역수지(경상 달러)",
    },
    "br_fig_forest": {
        "en": "FTA effects by agreement and direction (PPML gravity, 95% intervals); agreements too recent to identify are marked and left out of the pooled effect",
        "es": "Efectos de los TLC por acuerdo y dirección (gravedad PPML, intervalos del 95 %); los acuerdos demasiado recientes se marcan y quedan fuera del efecto conjunto",
        "ko": "협정·방향별 FTA 효과(PPML 중력모형, 95% 구간), 식별하기에 너무 최근인 협정은 표시하고 통합 효과에서 제외",
    },
    "br_fig_timeline": {
        "en": "Negotiation timeline (curated from verified sources; the full table is in the annex)",
        "es": "Cronología de las negociaciones (fuentes verificadas; el cuadro completo está en el anexo)",
        "ko": "협상 연표(검증된 출처, 전체 표는 부록)",
    },
    "br_fig_scenarios": {
        "en": "Scenario effects on real income (welfare), with uncertainty bands",
        "es": "Efectos de los escenarios sobre el ingreso real (bienestar), con bandas de incertidumbre",
        "ko": "시나리오별 실질소득(후생) 효과와 불확실성 구간",
    },
    "br_fig_fx": {
        "en": "Exchange rates of the members against the US dollar and {reporter}'s exports",
        "es": "Tipos de cambio de los miembros frente al dólar y exportaciones de {reporter}",
        "ko": "회원국 통화의 대미 달러 환율과 {reporter}의 수출",
    },
    "br_fig_survey": {
        "en": "Share agreeing, by country (95% confidence intervals)",
        "es": "Porcentaje de acuerdo, por país (intervalos de confianza del 95 %)",
        "ko": "국가별 동의 비율(95% 신뢰구간)",
    },
    "br_annex_link": {
        "en": "Sources and methods, the full negotiation timeline, the claims check and one line per evidence card are in the annex:",
        "es": "Las fuentes y los métodos, la cronología completa, la verificación de afirmaciones y una línea por ficha de evidencia están en el anexo:",
        "ko": "출처와 방법, 전체 협상 연표, 주장 검증, 근거 카드 목록은 부록에 있다:",
    },
    "br_annex_how": {
        "en": "Every number in the text links to its evidence card.",
        "es": "Cada cifra del texto remite a su ficha de evidencia.",
        "ko": "본문의 모든 수치는 근거 카드와 연결된다.",
    },
    "br_rec_owner": {"en": "Owner", "es": "Responsable", "ko": "담당"},
    "br_rec_horizon": {"en": "Horizon", "es": "Plazo", "ko": "기간"},
    "br_rec_indicator": {"en": "Indicator to monitor", "es": "Indicador a seguir", "ko": "점검 지표"},
    "br_rec_why": {"en": "Why", "es": "Por qué", "ko": "근거"},
    "br_ci": {"en": "{level} CI", "es": "IC {level}", "ko": "{level} 신뢰구간"},
    "br_item": {"en": "{name} ({value})", "es": "{name} ({value})", "ko": "{name}({value})"},
    # --- summary: vintage and messages ---------------------------------------------------------
    "br_vintage_step": {
        "en": "Data: trade {y0}–{y1} from {source}, one year in {step} ({n} panel years), current US dollars.",
        "es": "Datos: comercio {y0}–{y1} de {source}, un año de cada {step} ({n} años de panel), dólares corrientes.",
        "ko": "자료: {source}의 {y0}–{y1}년 교역({step}년 간격, 패널 {n}개 연도), 경상 달러 기준.",
    },
    "br_vintage": {
        "en": "Data: trade {y0}–{y1} from {source} ({n} years), current US dollars.",
        "es": "Datos: comercio {y0}–{y1} de {source} ({n} años), dólares corrientes.",
        "ko": "자료: {source}의 {y0}–{y1}년 교역({n}개 연도), 경상 달러 기준.",
    },
    "br_vintage_products": {
        "en": "Product composition: {dataset}, {year}.",
        "es": "Composición por producto: {dataset}, {year}.",
        "ko": "품목 구성: {dataset}, {year}년.",
    },
    "br_vintage_scn": {
        "en": "Scenarios: general equilibrium on the {data} baseline of {year}.",
        "es": "Escenarios: equilibrio general sobre la base {data} de {year}.",
        "ko": "시나리오: {year}년 {data} 기준 자료의 일반균형.",
    },
    "br_msg_size": {
        "en": "{first} carries the relationship: {share} of {reporter}'s trade with the bloc.",
        "es": "{first} sostiene la relación: el {share} del comercio de {reporter} con el bloque.",
        "ko": "{first:이} 관계의 중심이다. {reporter}의 대블록 교역 중 {share:이} {first:와}의 교역이다.",
    },
    "br_imp_size_nofta": {
        "en": "Any strategy for the bloc stands or falls with {first}, the member without an FTA.",
        "es": "Toda estrategia hacia el bloque depende de {first}, el miembro sin TLC.",
        "ko": "블록 전략의 성패는 FTA가 없는 {first}에 달려 있다.",
    },
    "br_imp_size": {
        "en": "In trade terms, policy towards the bloc is mostly policy towards {first}.",
        "es": "En términos comerciales, la política hacia el bloque es sobre todo política hacia {first}.",
        "ko": "교역 측면에서 블록 정책은 대부분 {first} 정책이다.",
    },
    "br_msg_fta": {
        "en": "The FTAs that can be measured {effect:sign:raised|lowered} bilateral trade by {effect:abs}, all else equal.",
        "es": "Los TLC medibles {effect:sign:aumentaron|redujeron} el comercio bilateral en un {effect:abs}, todo lo demás constante.",
        "ko": "측정 가능한 FTA는 다른 조건이 같을 때 양자 교역을 {effect:abs} {effect:sign:늘렸다|줄였다}.",
    },
    "br_msg_fta_weak": {
        "en": "The FTAs' pooled effect on bilateral trade, {effect}, is not statistically significant.",
        "es": "El efecto conjunto de los TLC sobre el comercio bilateral, {effect}, no es estadísticamente significativo.",
        "ko": "FTA의 통합 효과({effect})는 통계적으로 유의하지 않다.",
    },
    "br_imp_fta_missing": {
        "en": "An agreement with {missing} is the largest lever left, and this estimate is the best guide to its size.",
        "es": "Un acuerdo con {missing} es la mayor palanca pendiente, y esta estimación es la mejor guía de su alcance.",
        "ko": "{missing:와}의 협정이 남은 가장 큰 지렛대이며, 이 추정치가 그 규모를 가늠하는 최선의 근거다.",
    },
    "br_imp_fta": {
        "en": "The agreements work: keeping them up to date (upgrades, digital trade) protects the gain.",
        "es": "Los acuerdos funcionan: actualizarlos (modernización, comercio digital) protege lo ganado.",
        "ko": "협정은 효과가 있다. 개정(디지털 무역 등)으로 최신화해야 성과를 지킬 수 있다.",
    },
    "br_imp_fta_weak": {
        "en": "Judge the agreements on more than bilateral totals: the panel cannot separate their effect from noise.",
        "es": "Hay que juzgar los acuerdos por algo más que los totales bilaterales: el panel no separa su efecto del ruido.",
        "ko": "협정을 양자 교역 총액만으로 평가해서는 안 된다. 패널 자료로는 효과를 잡음과 구분할 수 없다.",
    },
    "br_msg_weights": {
        "en": "{reporter} takes {share} of {partner}'s exports: it weighs {ratio} more for {partner} than {partner} does for it.",
        "es": "{reporter} recibe el {share} de las exportaciones de {partner}: pesa {ratio} más para {partner} que {partner} para {reporter}.",
        "ko": "{reporter:은} {partner} 수출의 {share:을} 차지해, {partner}에게 {reporter}의 비중이 그 반대보다 {ratio} 크다.",
    },
    "br_imp_weights": {
        "en": "{partner} has more at stake: its concerns (sensitive sectors, the balance) set the pace of negotiations.",
        "es": "{partner} tiene más en juego: sus preocupaciones (sectores sensibles, el saldo) marcan el ritmo de las negociaciones.",
        "ko": "{partner:이} 관계에 더 많은 것이 걸려 있어, 그 우려(민감 산업, 무역수지)가 협상 속도를 좌우한다.",
    },
    "br_msg_comp_pair": {
        "en": "{share} of what {partner} sells to {reporter} are commodities.",
        "es": "El {share} de lo que {partner} vende a {reporter} son materias primas.",
        "ko": "{partner}의 대{reporter} 수출 중 {share:이} 원자재다.",
    },
    "br_msg_comp_world": {
        "en": "Commodities make up {share} of {partner}'s exports to the world, {ratio} {reporter}'s share.",
        "es": "Las materias primas son el {share} de las exportaciones de {partner} al mundo, {ratio} la proporción de {reporter}.",
        "ko": "원자재는 {partner} 대세계 수출의 {share:으로}, {reporter} 비중의 {ratio}에 이른다.",
    },
    "br_imp_comp": {
        "en": "The trade is inter-industry: it follows commodity prices, and diversification beyond commodities is where cooperation can add value.",
        "es": "El comercio es interindustrial: sigue los precios de las materias primas, y la diversificación más allá de ellas es donde la cooperación puede aportar.",
        "ko": "교역은 산업 간 교역으로 원자재 가격을 따라 움직이며, 원자재를 넘어선 다각화가 협력이 기여할 수 있는 분야다.",
    },
    "br_msg_bal_surplus": {
        "en": "{reporter} ran a surplus with {partner:the} in {k} of {n} panel years.",
        "es": "{reporter} tuvo superávit {partner:con} en {k} de {n} años del panel.",
        "ko": "{reporter:은} 패널 {n}개 연도 중 {k}개 연도에 {partner:와}의 교역에서 흑자였다.",
    },
    "br_msg_bal_deficit": {
        "en": "{reporter} ran a deficit with {partner:the} in {k} of {n} panel years.",
        "es": "{reporter} tuvo déficit {partner:con} en {k} de {n} años del panel.",
        "ko": "{reporter:은} 패널 {n}개 연도 중 {k}개 연도에 {partner:와}의 교역에서 적자였다.",
    },
    "br_imp_bal_surplus": {
        "en": "{partner}'s persistent deficit makes reciprocity the core issue of any negotiation with it.",
        "es": "El déficit persistente de {partner} hace de la reciprocidad el tema central de toda negociación con ese país.",
        "ko": "{partner}의 지속적 적자로 인해 호혜성이 모든 협상의 핵심 쟁점이 된다.",
    },
    "br_imp_bal_deficit": {
        "en": "The deficit is persistent; judging the relationship by the bilateral balance alone would mislead.",
        "es": "El déficit es persistente; juzgar la relación solo por el saldo bilateral sería engañoso.",
        "ko": "적자는 지속적이지만, 양자 무역수지만으로 관계를 판단하면 오해를 낳는다.",
    },
    "br_msg_exports": {
        "en": "{reporter}'s exports to {partner} {change:change} since {y0}.",
        "es": "Las exportaciones de {reporter} a {partner} {change:change_pl} desde {y0}.",
        "ko": "{y0}년 이후 {reporter}의 대{partner} 수출은 {change:change}했다.",
    },
    "br_imp_exports_fell": {
        "en": "Market access alone has not sustained {reporter}'s sales in {partner}; export promotion must target it.",
        "es": "El acceso al mercado no bastó para sostener las ventas de {reporter} en {partner}; la promoción de exportaciones debe apuntar allí.",
        "ko": "시장 접근만으로는 {reporter}의 대{partner} 수출을 유지하지 못했으므로 수출 진흥이 이 시장을 겨냥해야 한다.",
    },
    "br_imp_exports_rose": {
        "en": "{partner} is the growth market: promotion should build on it.",
        "es": "{partner} es el mercado en crecimiento: la promoción debe apoyarse en él.",
        "ko": "{partner:이} 성장 시장이므로 수출 진흥은 이를 기반으로 해야 한다.",
    },
    "br_msg_scn": {
        "en": "A {reporter}–{partner} FTA would {welfare:sign:raise|lower} {partner}'s real income by {welfare:abs}.",
        "es": "Un TLC {reporter}–{partner} {welfare:sign:elevaría|reduciría} el ingreso real de {partner} en un {welfare:abs}.",
        "ko": "{reporter}–{partner} FTA는 {partner}의 실질소득을 {welfare:abs} {welfare:sign:높인다|낮춘다}.",
    },
    "br_imp_scn_small": {
        "en": "The macroeconomic gain is small; the case for the agreement rests on market access for specific sectors.",
        "es": "La ganancia macroeconómica es pequeña; el argumento a favor descansa en el acceso a mercados de sectores concretos.",
        "ko": "거시경제적 이득은 작으며, 협정의 근거는 특정 산업의 시장 접근에 있다.",
    },
    "br_imp_scn": {
        "en": "The gain is sizeable for a trade agreement and justifies the cost of negotiating it.",
        "es": "La ganancia es considerable para un acuerdo comercial y justifica el costo de negociarlo.",
        "ko": "무역협정으로서는 이득이 커서 협상 비용을 정당화한다.",
    },
    # --- the relationship -----------------------------------------------------------------------
    "br_rel_size": {
        "en": "{bloc:The} accounted for {share} of {reporter}'s trade with the world in {year} ({total}).",
        "es": "{bloc:El} representó el {share} del comercio de {reporter} con el mundo en {year} ({total}).",
        "ko": "{year}년 {bloc:은} {reporter} 대세계 교역의 {share:을} 차지했다({total}).",
    },
    "br_rel_rank_far": {
        "en": "{first} is by far the largest partner within the bloc, with {s1} of this trade, ahead of {rest}.",
        "es": "{first} es, con mucho, el mayor socio dentro del bloque, con el {s1} de este comercio, por delante de {rest}.",
        "ko": "{first:은} 이 교역의 {s1:을} 차지하는 블록 내 압도적 최대 교역국이며, 그다음은 {rest} 순이다.",
    },
    "br_rel_rank": {
        "en": "{first} is the largest partner within the bloc, with {s1} of this trade, ahead of {rest}.",
        "es": "{first} es el mayor socio dentro del bloque, con el {s1} de este comercio, por delante de {rest}.",
        "ko": "{first:은} 이 교역의 {s1:을} 차지하는 블록 내 최대 교역국이며, 그다음은 {rest} 순이다.",
    },
    "br_rel_growth": {
        "en": "Between {y0} and {y1}, trade with the bloc {cagr:sign:grew|shrank} by {cagr:abs} a year ({multiple} overall), fastest with {fast} ({fcagr} a year) and slowest with {slow} ({scagr}).",
        "es": "Entre {y0} y {y1}, el comercio con el bloque {cagr:sign:creció|se contrajo} un {cagr:abs} anual ({multiple} en total), más con {fast} ({fcagr} anual) y menos con {slow} ({scagr}).",
        "ko": "{y0}년부터 {y1}년까지 블록과의 교역은 연평균 {cagr:abs} {cagr:sign:증가했다|감소했다}(전체 {multiple}). 증가율은 {fast:이} 가장 높고(연 {fcagr}) {slow:이} 가장 낮았다(연 {scagr}).",
    },
    "br_rel_no_view": {
        "en": "How much the partners' trade depends on {reporter} cannot be shown yet: no card gives the partners' trade with the world.",
        "es": "Aún no puede mostrarse cuánto depende de {reporter} el comercio de los socios: ninguna ficha da su comercio con el mundo.",
        "ko": "상대국 교역이 {reporter}에 얼마나 의존하는지는 아직 보여줄 수 없다. 상대국의 대세계 교역을 담은 근거 카드가 없다.",
    },
    "br_rel_view_more": {
        "en": "Seen from {partner}, the weights are reversed: in {year} {reporter} took {a} of {partner}'s exports (from {a0} in {y0}), while {partner} took {b} of {reporter}'s, so {reporter} weighs {ratio} more for {partner} than the reverse.",
        "es": "Vista desde {partner}, la relación se invierte: en {year}, {reporter} recibió el {a} de las exportaciones de {partner} (frente al {a0} en {y0}), mientras que {partner} recibió el {b} de las de {reporter}: {reporter} pesa {ratio} más para {partner} que a la inversa.",
        "ko": "{partner}에서 보면 비중이 뒤바뀐다. {year}년 {reporter:은} {partner} 수출의 {a:을} 받았지만({y0}년 {a0}), {partner:은} {reporter} 수출의 {b:을} 받는 데 그쳐, {partner}에게 {reporter}의 비중이 그 반대보다 {ratio} 크다.",
    },
    "br_rel_view_also": {
        "en": "The same holds for {items} ({reporter}'s share of their exports against their share of {reporter}'s).",
        "es": "Lo mismo vale para {items} (la participación de {reporter} en sus exportaciones frente a la suya en las de {reporter}).",
        "ko": "{items}도 마찬가지다({reporter}의 상대국 수출 비중 대 상대국의 {reporter} 수출 비중).",
    },
    "br_vs": {"en": "{a} against {b}", "es": "{a} frente a {b}", "ko": "{a} 대 {b}"},
    "br_rel_view_less": {
        "en": "For {partner} the weights run the other way: {reporter} took only {a} of its exports in {year} but supplied {ai} of its imports, while {partner} took {b} of {reporter}'s exports.",
        "es": "Para {partner} las proporciones van en sentido contrario: en {year}, {reporter} recibió solo el {a} de sus exportaciones pero le suministró el {ai} de sus importaciones, mientras que {partner} recibió el {b} de las exportaciones de {reporter}.",
        "ko": "{partner}의 경우는 반대다. {year}년 {reporter:은} {partner} 수출의 {a}만 받았지만 수입의 {ai:을} 공급했고, {partner:은} {reporter} 수출의 {b:을} 받았다.",
    },
    "br_bal_item": {"en": "{name} ({k} of {n})", "es": "{name} ({k} de {n})", "ko": "{name}({n}개 중 {k}개)"},
    "br_bal_surplus": {
        "en": "{reporter} was in surplus in most panel years with {items}.",
        "es": "{reporter} tuvo superávit en la mayoría de los años del panel con {items}.",
        "ko": "{reporter:은} 패널 연도 대부분 {items}에 대해 흑자를 기록했다.",
    },
    "br_bal_deficit": {
        "en": "{reporter} was in deficit in most panel years with {items}.",
        "es": "{reporter} tuvo déficit en la mayoría de los años del panel con {items}.",
        "ko": "{reporter:은} 패널 연도 대부분 {items}에 대해 적자를 기록했다.",
    },
    "br_bal_step": {
        "en": "The panel has one year in {step} ({y0}–{y1}): these are counts of observations {step} years apart, not of consecutive years.",
        "es": "El panel tiene un año de cada {step} ({y0}–{y1}): se cuentan observaciones separadas {step} años, no años consecutivos.",
        "ko": "패널은 {step}년에 한 번씩의 자료({y0}–{y1})이므로, 이 수치는 연속된 연도가 아니라 {step}년 간격 관측치의 개수다.",
    },
    "br_exp_since_both": {
        "en": "Between {y0} and {y1}, {reporter}'s exports fell to {fell} and rose to {rose}.",
        "es": "Entre {y0} y {y1}, las exportaciones de {reporter} cayeron hacia {fell} y crecieron hacia {rose}.",
        "ko": "{y0}–{y1}년 {reporter}의 수출은 {fell}에서 감소하고 {rose}에서 증가했다.",
    },
    "br_exp_since_fell": {
        "en": "Between {y0} and {y1}, {reporter}'s exports fell to {fell}.",
        "es": "Entre {y0} y {y1}, las exportaciones de {reporter} cayeron hacia {fell}.",
        "ko": "{y0}–{y1}년 {reporter}의 수출은 {fell}에서 감소했다.",
    },
    "br_exp_since_rose": {
        "en": "Between {y0} and {y1}, {reporter}'s exports rose to {rose}.",
        "es": "Entre {y0} y {y1}, las exportaciones de {reporter} crecieron hacia {rose}.",
        "ko": "{y0}–{y1}년 {reporter}의 수출은 {rose}에서 증가했다.",
    },
    # --- what is traded ----------------------------------------------------------------------------
    "br_trd_pair": {
        "en": "With {partner}, unlike goods are exchanged: in {year}, {out_diff} of {reporter}'s exports to it were differentiated products, while {back_com} of what it sold back were commodities (and {back_diff} differentiated).",
        "es": "Con {partner} se intercambian bienes distintos: en {year}, el {out_diff} de las exportaciones de {reporter} eran productos diferenciados, mientras que el {back_com} de lo que {partner} le vendió eran materias primas (y el {back_diff}, diferenciados).",
        "ko": "{partner:와}의 교역은 서로 다른 재화의 교환이다. {year}년 {reporter}의 대{partner} 수출 중 {out_diff:은} 차별화 제품이었던 반면, {partner}의 대{reporter} 수출은 {back_com:이} 원자재였다(차별화 제품 {back_diff}).",
    },
    "br_trd_pair_similar": {
        "en": "With {partner}, both directions carry similar goods: in {year}, {out_diff} of {reporter}'s exports to it and {back_diff} of what it sold back were differentiated products ({back_com} commodities).",
        "es": "Con {partner}, ambas direcciones llevan bienes parecidos: en {year}, el {out_diff} de las exportaciones de {reporter} y el {back_diff} de lo que {partner} le vendió eran productos diferenciados ({back_com} materias primas).",
        "ko": "{partner:와}의 교역은 양방향 모두 비슷한 재화다. {year}년 {reporter}의 대{partner} 수출 중 {out_diff}, {partner}의 대{reporter} 수출 중 {back_diff:이} 차별화 제품이었다(원자재 {back_com}).",
    },
    "br_trd_world": {
        "en": "In {year}, {diff} of {reporter}'s exports to the world were differentiated goods and only {com} commodities traded on exchanges; the members' commodity shares were {items}.",
        "es": "En {year}, el {diff} de las exportaciones de {reporter} al mundo eran bienes diferenciados y solo el {com} materias primas cotizadas en bolsa; en los miembros, la proporción de materias primas fue: {items}.",
        "ko": "{year}년 {reporter}의 대세계 수출 중 {diff:은} 차별화 제품, {com:은} 거래소 거래 원자재에 그쳤다. 회원국 수출의 원자재 비중은 {items:이었다}.",
    },
    "br_trd_sectors": {
        "en": "By sector, {reporter}'s largest export was {sector} ({share}); the members' largest were {items}.",
        "es": "Por sectores, la mayor exportación de {reporter} fue {sector} ({share}); la de los miembros: {items}.",
        "ko": "부문별로 {reporter}의 최대 수출 부문은 {sector}({share})였고, 회원국은 {items:이었다}.",
    },
    "br_trd_intermediates": {
        "en": "Input-output data (illustrative) point the same way for {partner} in {year}: the five sensitive sectors were {out_share} of {reporter}'s sales of intermediate inputs to {partner} but {back_share} of {partner}'s sales to {reporter}.",
        "es": "Los datos insumo-producto (ilustrativos) apuntan en la misma dirección para {partner} en {year}: los cinco sectores sensibles fueron el {out_share} de las ventas de insumos intermedios de {reporter} a {partner}, pero el {back_share} de las de {partner} a {reporter}.",
        "ko": "산업연관 자료(예시)도 {year}년 {partner}에 대해 같은 방향을 가리킨다. 다섯 민감 산업은 {reporter}의 대{partner} 중간재 판매의 {out_share:을} 차지했지만 {partner}의 대{reporter} 판매에서는 {back_share}에 그쳤다.",
    },
    "br_trd_like_one": {
        "en": "{like} exports a mix closer to {reporter}'s.",
        "es": "{like} exporta una canasta más parecida a la de {reporter}.",
        "ko": "{like:은} {reporter:와} 비슷한 구성으로 수출한다.",
    },
    "br_trd_like_many": {
        "en": "{like} export a mix closer to {reporter}'s.",
        "es": "{like} exportan una canasta más parecida a la de {reporter}.",
        "ko": "{like:은} {reporter:와} 비슷한 구성으로 수출한다.",
    },
    "br_trd_no_pair": {
        "en": "Bilateral product flows (BACI or Comtrade at the HS six-digit level) would show each direction; the warehouse has none for these pairs.",
        "es": "Los flujos bilaterales por producto (BACI o Comtrade a seis dígitos del SA) mostrarían cada dirección; el almacén no los tiene para estos pares.",
        "ko": "양방향 구성을 보려면 품목별 양자 교역(BACI 또는 Comtrade HS 세부 품목)이 필요하나 저장소에 없다.",
    },
    "br_trd_top": {
        "en": "The largest product {reporter} sells to the bloc is {out_product} ({out_share} of its exports there); the bloc's largest sale to {reporter} is {back_product} ({back_share}).",
        "es": "El principal producto que {reporter} vende al bloque es {out_product} (el {out_share} de sus exportaciones a él); la principal venta del bloque a {reporter} es {back_product} ({back_share}).",
        "ko": "{reporter}의 대블록 최대 수출 품목은 {out_product}(수출의 {out_share}), 블록의 최대 대{reporter} 수출 품목은 {back_product}({back_share})이다.",
    },
    # --- what the FTAs did -----------------------------------------------------------------------
    "br_fta_top": {
        "en": "The clearest effect is on {exporter}'s exports to {importer} under the {agreement}: {effect} after {years} years in force ({ci} {lo} to {hi}), all else equal.",
        "es": "El efecto más claro es sobre las exportaciones de {exporter} a {importer} con el {agreement}: {effect} tras {years} años de vigencia ({ci}: {lo} a {hi}), todo lo demás constante.",
        "ko": "가장 뚜렷한 효과는 {agreement}에 따른 {exporter}→{importer} 수출로, 발효 {years}년 후 {effect:change}했다({ci} {lo}~{hi}, 다른 조건 동일).",
    },
    "br_fta_top_noci": {
        "en": "The clearest effect is on {exporter}'s exports to {importer} under the {agreement}: {effect} after {years} years in force, all else equal.",
        "es": "El efecto más claro es sobre las exportaciones de {exporter} a {importer} con el {agreement}: {effect} tras {years} años de vigencia, todo lo demás constante.",
        "ko": "가장 뚜렷한 효과는 {agreement}에 따른 {exporter}→{importer} 수출로, 발효 {years}년 후 {effect:change}했다(다른 조건 동일).",
    },
    "br_fta_dir": {"en": "{exporter} → {importer} {effect} ({lo} to {hi})", "es": "{exporter} → {importer} {effect} ({lo} a {hi})",
                   "ko": "{exporter}→{importer} {effect}({lo}~{hi})"},
    "br_fta_dir_noci": {"en": "{exporter} → {importer} {effect}", "es": "{exporter} → {importer} {effect}",
                        "ko": "{exporter}→{importer} {effect}"},
    "br_fta_also": {"en": "Also significant, by size: {items}.", "es": "También significativos, por tamaño: {items}.",
                    "ko": "그 밖에 유의한 효과(크기순): {items}."},
    "br_fta_weak": {
        "en": "Not significant (the interval includes zero): {items}.",
        "es": "No significativos (el intervalo incluye el cero): {items}.",
        "ko": "유의하지 않은 효과(구간이 음과 양에 걸침): {items}.",
    },
    "br_fta_pooled": {
        "en": "Pooled over the {n} agreements that can be identified, the FTAs {effect:sign:raised|lowered} bilateral trade by {effect:abs} ({ci} {lo} to {hi}).",
        "es": "Agrupando los {n} acuerdos identificables, los TLC {effect:sign:aumentaron|redujeron} el comercio bilateral en un {effect:abs} ({ci}: {lo} a {hi}).",
        "ko": "식별 가능한 {n}개 협정을 통합하면 FTA는 양자 교역을 {effect:abs} {effect:sign:늘렸다|줄였다}({ci} {lo}~{hi}).",
    },
    "br_fta_pooled_noci": {
        "en": "Pooled over the {n} agreements that can be identified, the FTAs {effect:sign:raised|lowered} bilateral trade by {effect:abs}.",
        "es": "Agrupando los {n} acuerdos identificables, los TLC {effect:sign:aumentaron|redujeron} el comercio bilateral en un {effect:abs}.",
        "ko": "식별 가능한 {n}개 협정을 통합하면 FTA는 양자 교역을 {effect:abs} {effect:sign:늘렸다|줄였다}.",
    },
    "br_fta_early": {
        "en": "The {agreement} entered into force in {entry} and the panel ends in {last}: too early to estimate (at least {min_years} years and {min_obs} observations after entry are needed), so it is left out of the estimates and the pooled effect.",
        "es": "El {agreement} entró en vigor en {entry} y el panel termina en {last}: es demasiado pronto para estimarlo (se necesitan al menos {min_years} años y {min_obs} observaciones tras la entrada en vigor), por lo que queda fuera de las estimaciones y del efecto conjunto.",
        "ko": "{agreement:은} {entry}년에 발효되었고 패널은 {last}년에 끝나 효과를 추정하기에 이르다(발효 후 최소 {min_years}년, 관측치 {min_obs}개 필요). 따라서 추정과 통합 효과에서 제외했다.",
    },
    "br_fta_none": {
        "en": "No FTA effect was estimated for this brief: the models were not run, or no agreement is in force in the panel.",
        "es": "Este informe no estima efectos de TLC: no se ejecutaron los modelos o ningún acuerdo está vigente en el panel.",
        "ko": "이 브리프에는 FTA 효과 추정이 없다. 모형을 실행하지 않았거나 패널 기간에 발효된 협정이 없다.",
    },
    "br_fta_window": {
        "en": "Raw growth rates mislead here: trade with {partner} {pre:change} a year in {pre_years} and {post:change} a year in {post_years}, after the agreement of {entry}, while the gravity estimate is {gravity}; the two windows compare different world conditions (a boom and a slump), whereas the estimate controls each year for every country's total trade.",
        "es": "Las tasas de crecimiento brutas engañan aquí: el comercio con {partner} {pre:change} anual en {pre_years} y {post:change} anual en {post_years}, tras el acuerdo de {entry}, mientras que la estimación de gravedad es {gravity}; las dos ventanas comparan coyunturas mundiales distintas (auge y caída), y la estimación controla cada año el comercio total de cada país.",
        "ko": "단순 증가율은 오해를 낳는다. {partner:와}의 교역은 {pre_years}년에 연평균 {pre:change}했고 {entry}년 협정 발효 후 {post_years}년에는 연평균 {post:change}했지만, 중력모형 추정치는 {gravity:로} 방향이 반대다. 두 기간은 서로 다른 세계 경기(호황과 침체)를 비교하는 반면, 추정은 매년 각국의 전체 교역을 통제한다.",
    },
    # --- missing agreements and scenarios ---------------------------------------------------------
    "br_scn_no_fta": {"en": "{reporter} has no FTA with {partner}.", "es": "{reporter} no tiene TLC con {partner}.",
                      "ko": "{reporter:은} {partner:와} FTA가 없다."},
    "br_scn_talks": {
        "en": "{reporter} has no FTA with {partner}: the first step on record dates from {first}, and the latest is “{stage}” ({last}).",
        "es": "{reporter} no tiene TLC con {partner}: el primer paso registrado data de {first} y el último es «{stage}» ({last}).",
        "ko": "{reporter:은} {partner:와} FTA가 없다. 기록된 첫 단계는 {first}이고, 가장 최근 단계는 ‘{stage}’({last})이다.",
    },
    "br_scn_assoc": {
        "en": "On associate membership of the bloc, the latest step is “{stage}” ({last}).",
        "es": "Sobre la membresía asociada al bloque, el último paso es «{stage}» ({last}).",
        "ko": "블록 준회원국 가입과 관련한 최근 단계는 ‘{stage}’({last})이다.",
    },
    "br_scn_none": {
        "en": "No shipped scenario file concerns this scope; write one (tradebridge scenario) to simulate a missing agreement.",
        "es": "Ningún archivo de escenario incluido se refiere a este ámbito; escriba uno (tradebridge scenario) para simular un acuerdo pendiente.",
        "ko": "이 범위에 해당하는 기본 시나리오 파일이 없다. 미체결 협정을 모의하려면 시나리오 파일(tradebridge scenario)을 작성한다.",
    },
    "br_scn_add": {
        "en": "The scenario adds a {pairs} FTA to the {data} baseline of {year}, worth the pooled effect estimated above, solved in full general equilibrium.",
        "es": "El escenario añade un TLC {pairs} a la base {data} de {year}, con el efecto conjunto estimado arriba, resuelto en equilibrio general.",
        "ko": "이 시나리오는 {year}년 {data} 기준 자료에 {pairs} FTA를 추가하고, 위에서 추정한 통합 효과를 적용해 일반균형으로 푼다.",
    },
    "br_scn_join": {
        "en": "Its true content on the {data} baseline of {year}: FTAs are added only with {added}.",
        "es": "Su contenido real sobre la base {data} de {year}: solo se añaden TLC con {added}.",
        "ko": "{year}년 {data} 기준 자료에서 이 시나리오의 실제 내용은 {added:와}의 FTA 추가뿐이다.",
    },
    "br_scn_already": {
        "en": "The FTA with {already} was already in force in {year}, so it is not added.",
        "es": "El TLC con {already} ya estaba vigente en {year}, por lo que no se añade.",
        "ko": "{already:와}의 FTA는 {year}년에 이미 발효되어 추가되지 않는다.",
    },
    "br_scn_absent": {
        "en": "{absent} is not in the baseline's country sample and is absent from the scenario: this is not the full bloc.",
        "es": "{absent} no está en la muestra de países de la base y falta en el escenario: no es el bloque completo.",
        "ko": "{absent:은} 기준 자료의 국가 표본에 없어 시나리오에서 빠졌으므로, 블록 전체가 아니다.",
    },
    "br_scn_remove": {
        "en": "The scenario removes the FTAs in force in the {data} baseline of {year}: {pairs}.",
        "es": "El escenario elimina los TLC vigentes en la base {data} de {year}: {pairs}.",
        "ko": "이 시나리오는 {year}년 {data} 기준 자료에서 발효 중인 FTA({pairs})를 철폐한다.",
    },
    "br_scn_gain": {
        "en": "{country} would gain most: real income {welfare} ({level} band {lo} to {hi}), exports {exports}.",
        "es": "{country} ganaría más: ingreso real {welfare} (banda del {level}: {lo} a {hi}), exportaciones {exports}.",
        "ko": "가장 큰 이득은 {country}로, 실질소득 {welfare}({level} 구간 {lo}~{hi}), 수출 {exports:이다}.",
    },
    "br_scn_loss": {
        "en": "{country} would lose most: real income {welfare} ({level} band {lo} to {hi}), exports {exports}.",
        "es": "{country} perdería más: ingreso real {welfare} (banda del {level}: {lo} a {hi}), exportaciones {exports}.",
        "ko": "가장 큰 손실은 {country}로, 실질소득 {welfare}({level} 구간 {lo}~{hi}), 수출 {exports:이다}.",
    },
    "br_scn_rep": {
        "en": "For {reporter}: real income {welfare}, exports {exports}.",
        "es": "Para {reporter}: ingreso real {welfare}, exportaciones {exports}.",
        "ko": "{reporter:은} 실질소득 {welfare}, 수출 {exports:이다}.",
    },
    "br_scn_losers": {
        "en": "Others lose slightly through trade diversion: {items}.",
        "es": "Otros pierden algo por desviación de comercio: {items}.",
        "ko": "다른 나라는 무역전환으로 소폭 손실을 본다: {items}.",
    },
    # --- investment, aid, cooperation ------------------------------------------------------------
    "br_inv_in_force": {
        "en": "{reporter} has a bilateral investment treaty in force with {items}.",
        "es": "{reporter} tiene un tratado bilateral de inversión vigente con {items}.",
        "ko": "{reporter:은} {items:와} 양자 투자협정이 발효 중이다.",
    },
    "br_inv_terminated": {
        "en": "The treaties with {items} were terminated.",
        "es": "Los tratados con {items} se terminaron.",
        "ko": "{items:와}의 투자협정은 종료되었다.",
    },
    "br_inv_signed": {
        "en": "The treaty with {items} was signed but is not in force.",
        "es": "El tratado con {items} se firmó pero no está vigente.",
        "ko": "{items:와}의 투자협정은 서명되었으나 발효되지 않았다.",
    },
    "br_inv_no_fdi": {
        "en": "The warehouse holds no bilateral FDI positions, so investment itself cannot be measured here; fetch them with {cmd}.",
        "es": "El almacén no tiene posiciones bilaterales de IED, por lo que la inversión no puede medirse aquí; obténgalas con {cmd}.",
        "ko": "저장소에 양자 FDI 잔액 자료가 없어 투자 자체는 측정할 수 없다. {cmd} 명령으로 가져온다.",
    },
    "br_inv_no_oda": {
        "en": "ODA disbursements (OECD CRS) are not in the warehouse either: fetch them with {cmd} to measure cooperation.",
        "es": "Los desembolsos de AOD (CRS de la OCDE) tampoco están en el almacén: obténgalos con {cmd} para medir la cooperación.",
        "ko": "ODA 지출(OECD CRS) 자료도 저장소에 없다. 협력을 측정하려면 {cmd} 명령으로 가져온다.",
    },
    # --- shocks ------------------------------------------------------------------------------------
    "br_shk_fx": {
        "en": "Between {y0} and {y1}, the members' currencies lost value against {reporter}'s: {items}.",
        "es": "Entre {y0} y {y1}, las monedas de los miembros se depreciaron frente a la de {reporter}: {items}.",
        "ko": "{y0}–{y1}년 회원국 통화는 {reporter} 통화 대비 가치가 하락했다: {items}.",
    },
    "br_shk_fx_rose": {
        "en": "Between {y0} and {y1}, the members' currencies lost value against {reporter}'s: {items}. Yet {reporter}'s exports to each of them grew, so depreciation did not reverse the long-run rise.",
        "es": "Entre {y0} y {y1}, las monedas de los miembros se depreciaron frente a la de {reporter}: {items}. Aun así, las exportaciones de {reporter} a cada uno crecieron: la depreciación no revirtió el aumento de largo plazo.",
        "ko": "{y0}–{y1}년 회원국 통화는 {reporter} 통화 대비 가치가 하락했다: {items}. 그래도 {reporter}의 각국 수출은 모두 증가해, 통화 가치 하락이 장기 증가세를 뒤집지는 못했다.",
    },
    "br_shk_el_sig": {
        "en": "Year to year, the link is clear only for {partner}: the elasticity of {reporter}'s exports ({goods}) to its currency per dollar is {e} ({ci} {lo} to {hi}), so a weaker currency there goes with lower sales.",
        "es": "De un año a otro, el vínculo solo es claro para {partner}: la elasticidad de las exportaciones de {reporter} ({goods}) a su moneda por dólar es {e} ({ci}: {lo} a {hi}); una moneda más débil allí va con menos ventas.",
        "ko": "연도별로 보면 그 연관은 {partner}에서만 뚜렷하다. {reporter} 수출({goods})의 {partner} 통화(달러당) 탄력성은 {e}({ci} {lo}~{hi})로, 그 나라 통화가 약해지면 수출이 줄었다.",
    },
    "br_shk_el_weak": {
        "en": "For the other elasticities the interval includes zero: {items}.",
        "es": "En las demás elasticidades el intervalo incluye el cero: {items}.",
        "ko": "나머지 탄력성은 구간이 음과 양에 걸쳐 유의하지 않다: {items}.",
    },
    "br_shk_no_fx": {
        "en": "No exchange-rate evidence card was computed for this scope.",
        "es": "No se calculó ninguna ficha de evidencia sobre tipos de cambio para este ámbito.",
        "ko": "이 범위에 대해 계산된 환율 근거 카드가 없다.",
    },
    "br_shk_covid_out": {
        "en": "The trade data end in {year}, so the COVID-19 pandemic is not covered.",
        "es": "Los datos comerciales terminan en {year}, por lo que la pandemia de COVID-19 no está cubierta.",
        "ko": "교역 자료가 {year}년에 끝나므로 코로나19 팬데믹은 다루지 못한다.",
    },
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
    # the label of a card's headline value in the annex (annex_v_<value key>; else the core label)
    "annex_v_total": {"en": "Total trade", "es": "Comercio total", "ko": "총교역"},
    "annex_v_cagr": {"en": "Annual growth", "es": "Crecimiento anual", "ko": "연평균 증가율"},
    "annex_v_surplus": {"en": "Years in surplus", "es": "Años con superávit", "ko": "흑자 연도 수"},
    "annex_v_eci": {"en": "ECI", "es": "ECI", "ko": "ECI"},
    "annex_v_welfare_0": {"en": "Welfare (lowest theta)", "es": "Bienestar (theta mínimo)", "ko": "후생 (최소 theta)"},
    "annex_v_post_obs": {"en": "Post-entry observations", "es": "Observaciones tras la entrada en vigor",
                         "ko": "발효 후 관측치"},
    "annex_v_n_candidates": {"en": "Candidate products", "es": "Productos candidatos", "ko": "후보 품목 수"},
    "annex_v_change": {"en": "Change", "es": "Variación", "ko": "변화율"},
    "annex_v_commodity": {"en": "Commodities (Rauch)", "es": "Materias primas (Rauch)", "ko": "원자재 (Rauch)"},
    "annex_v_weight_ratio": {"en": "Weight ratio", "es": "Relación de pesos", "ko": "비중 비율"},
    "annex_v_fx_0": {"en": "Rate, first year", "es": "Tipo de cambio, primer año", "ko": "첫해 환율"},
    "annex_v_elasticity": {"en": "Elasticity", "es": "Elasticidad", "ko": "탄력성"},
    "annex_v_agriculture_food": {"en": "Agriculture and food", "es": "Agricultura y alimentos", "ko": "농식품"},
    "annex_v_top1_share": {"en": "Largest product's share", "es": "Participación del primer producto",
                           "ko": "1위 품목 비중"},
    "annex_v_post": {"en": "Annual growth after entry", "es": "Crecimiento anual tras la entrada en vigor",
                     "ko": "발효 후 연평균 증가율"},
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
                              "es": "tablas agreements y agreement_members ({dataset})",
                              "ko": "agreements·agreement_members 테이블 ({dataset})"},
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
    "annex_l_ppml_fx": {"en": "PPML with pair and year effects; the year effects absorb the reporter's own currency",
                        "es": "PPML con efectos de par y de año; los efectos de año absorben la moneda del propio "
                              "declarante",
                        "ko": "국가쌍·연도 효과 PPML; 연도 효과가 보고국 자국 통화의 영향을 흡수"},
    "annex_l_bloc_world": {"en": "a bloc's world trade includes the members' trade with each other",
                           "es": "el comercio mundial de un bloque incluye el comercio entre sus miembros",
                           "ko": "블록의 대세계 교역에는 회원국 간 교역이 포함된다"},
    "annex_l_split": {"en": "a product code linked to several groups is split equally",
                      "es": "un código de producto vinculado a varios grupos se reparte a partes iguales",
                      "ko": "여러 그룹에 연결된 품목 코드는 균등하게 나눈다"},
    "annex_l_world_only_ds": {"en": "exports to the world: the store has no bilateral product flows for this dataset",
                              "es": "exportaciones al mundo: el almacén no tiene flujos bilaterales por producto para "
                                    "este conjunto",
                              "ko": "대세계 수출: 저장소에 이 데이터셋의 양자 품목별 교역이 없다"},
    "annex_l_exports_years": {"en": "exports: the trade panel's years only",
                              "es": "exportaciones: solo los años del panel comercial",
                              "ko": "수출: 교역 패널의 연도만"},
    "annex_l_panel_years": {"en": "the trade panel's years only", "es": "solo los años del panel comercial",
                            "ko": "교역 패널의 연도만"},
    "annex_l_fetch_shock": {"en": "fetch {years} flows ({commands}) to add the shock",
                            "es": "obtenga los flujos de {years} ({commands}) para añadir el choque",
                            "ko": "충격을 반영하려면 {years} 교역 자료를 받으십시오 ({commands})"},
    "annex_l_icio": {"en": "illustrative: OECD ICIO intermediates, approximate; never a headline figure",
                     "es": "ilustrativo: insumos intermedios ICIO de la OCDE, aproximados; nunca una cifra principal",
                     "ko": "예시: OECD ICIO 중간재, 근사치; 핵심 수치로 쓰지 않음"},
    "annex_l_top_products": {"en": "largest products by value, share of the total to this market",
                             "es": "principales productos por valor, participación en el total hacia este mercado",
                             "ko": "금액 기준 상위 품목, 이 시장 대상 전체 중 비중"},
    "annex_l_covid_vs": {"en": "last year of the trade data vs {year}",
                         "es": "último año de los datos comerciales frente a {year}",
                         "ko": "교역 자료의 마지막 연도 대비 {year}년"},
    "annex_l_fx_imf": {"en": "nominal rates (IMF annual averages per US dollar), from {year}: the warehouse has no "
                             "price index to compute a real rate",
                       "es": "tipos nominales (promedios anuales del FMI por dólar), desde {year}: el almacén no tiene "
                             "índice de precios para calcular un tipo real",
                       "ko": "명목환율 (IMF 연평균, 달러당), {year}년부터: 저장소에 실질환율을 계산할 물가지수가 없다"},
    "annex_l_fx_rise": {"en": "nominal rates; a rise of the rate is a depreciation of the partner currency",
                        "es": "tipos nominales; una subida del tipo es una depreciación de la moneda del socio",
                        "ko": "명목환율; 환율 상승은 상대국 통화의 절하"},
    "annex_l_mirror_once": {"en": "one mirror of UN Comtrade: a flow is counted once, as the exporter's flow in this "
                                  "panel",
                            "es": "una sola réplica de UN Comtrade: cada flujo se cuenta una vez, como flujo del "
                                  "exportador en este panel",
                            "ko": "UN Comtrade의 한 미러: 각 교역은 이 패널에서 수출국 기준으로 한 번만 센다"},
    "annex_l_weights": {"en": "shares of each side's exports and imports with the world, {y1} vs {y0}",
                        "es": "participación en las exportaciones e importaciones de cada parte con el mundo, {y1} "
                              "frente a {y0}",
                        "ko": "각 측의 대세계 수출입 중 비중, {y1}년 대비 {y0}년"},
    "annex_l_sector_shares": {"en": "shares of the value by the brief's sector groups ({groups})",
                              "es": "participación del valor por grupos de sectores de la nota ({groups})",
                              "ko": "브리프 산업 그룹별 금액 비중 ({groups})"},
    "annex_l_rauch_bec": {"en": "shares of the value of exports by Rauch (1999) conservative class and UN BEC Rev.4 "
                                "basic class",
                          "es": "participación del valor exportado por clase conservadora de Rauch (1999) y clase "
                                "básica de la CGCE Rev.4 de la ONU",
                          "ko": "Rauch(1999) 보수적 분류와 UN BEC Rev.4 기본 분류별 수출액 비중"},
    "annex_l_fx_compare": {"en": "the partner currency's value in the reporter's currency and the reporter's exports, "
                                 "first vs last year both are present",
                           "es": "valor de la moneda del socio en la moneda del declarante y exportaciones del "
                                 "declarante, primer frente a último año con ambos datos",
                           "ko": "보고국 통화로 본 상대국 통화 가치와 보고국 수출, 둘 다 있는 첫해 대비 마지막 해"},
    "annex_l_comp_rauch": {"en": "{module} (Rauch, BEC end use)", "es": "{module} (Rauch, uso final CGCE)",
                           "ko": "{module} (Rauch, BEC 최종 용도)"},
    "annex_l_comp_groups": {"en": "{module} (sector groups)", "es": "{module} (grupos de sectores)",
                            "ko": "{module} (산업 그룹)"},
    "annex_vintage": {"en": "data: {text}", "es": "datos: {text}", "ko": "자료: {text}"},
    "chart_effect": {"en": "Change in trade, all else equal (exp(b)−1, 95% CI)",
                     "es": "Cambio en el comercio, todo lo demás igual (exp(b)−1, IC del 95 %)",
                     "ko": "교역 변화, 다른 조건 동일 (exp(b)−1, 95% 신뢰구간)"},
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
    # --- claims check (J10): the verdicts (tradebridge.evidence.claims.verdict_label)
    "claim_supported": {"en": "supported", "es": "respaldada", "ko": "사실로 확인"},
    "claim_partly_supported": {"en": "partly supported", "es": "parcialmente respaldada", "ko": "부분적으로 확인"},
    "claim_not_supported": {"en": "not supported", "es": "no respaldada", "ko": "확인되지 않음"},
    "claim_needs_data": {"en": "needs data", "es": "faltan datos", "ko": "추가 자료 필요"},
}
