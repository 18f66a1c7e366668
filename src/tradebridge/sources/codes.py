"""Country code tables used at the source boundary: UN M49 / ISO 3166 numeric and ISO alpha-2 to ISO3.

The ISO 3166 codes are public standards. Trade statistics (UN Comtrade, CEPII BACI) also use a few
"customs area" codes that are not ISO numeric codes; :data:`TRADE_SPECIAL_M49` maps them to the ISO3 code
of the main territory (e.g. 842 "USA, incl. Puerto Rico" -> USA, 251 "France, incl. Monaco" -> FRA) and
490 "Other Asia, n.e.s." -> TWN, which is how both sources report Taiwan.

>>> m49_to_iso3(410), m49_to_iso3("152"), m49_to_iso3(490), m49_to_iso3(0)
('KOR', 'CHL', 'TWN', 'WLD')
>>> iso2_to_iso3("KR"), iso2_to_iso3("GB"), iso2_to_iso3("GR")
('KOR', 'GBR', 'GRC')
"""

from __future__ import annotations

ISO_NUMERIC: dict[int, str] = {
    4: 'AFG', 8: 'ALB', 10: 'ATA', 12: 'DZA', 16: 'ASM', 20: 'AND', 24: 'AGO', 28: 'ATG', 31: 'AZE',
    32: 'ARG', 36: 'AUS', 40: 'AUT', 44: 'BHS', 48: 'BHR', 50: 'BGD', 51: 'ARM', 52: 'BRB', 56: 'BEL',
    60: 'BMU', 64: 'BTN', 68: 'BOL', 70: 'BIH', 72: 'BWA', 74: 'BVT', 76: 'BRA', 84: 'BLZ', 86: 'IOT',
    90: 'SLB', 92: 'VGB', 96: 'BRN', 100: 'BGR', 104: 'MMR', 108: 'BDI', 112: 'BLR', 116: 'KHM',
    120: 'CMR', 124: 'CAN', 132: 'CPV', 136: 'CYM', 140: 'CAF', 144: 'LKA', 148: 'TCD', 152: 'CHL',
    156: 'CHN', 158: 'TWN', 162: 'CXR', 166: 'CCK', 170: 'COL', 174: 'COM', 175: 'MYT', 178: 'COG',
    180: 'COD', 184: 'COK', 188: 'CRI', 191: 'HRV', 192: 'CUB', 196: 'CYP', 203: 'CZE', 204: 'BEN',
    208: 'DNK', 212: 'DMA', 214: 'DOM', 218: 'ECU', 222: 'SLV', 226: 'GNQ', 231: 'ETH', 232: 'ERI',
    233: 'EST', 234: 'FRO', 238: 'FLK', 239: 'SGS', 242: 'FJI', 246: 'FIN', 248: 'ALA', 250: 'FRA',
    254: 'GUF', 258: 'PYF', 260: 'ATF', 262: 'DJI', 266: 'GAB', 268: 'GEO', 270: 'GMB', 275: 'PSE',
    276: 'DEU', 288: 'GHA', 292: 'GIB', 296: 'KIR', 300: 'GRC', 304: 'GRL', 308: 'GRD', 312: 'GLP',
    316: 'GUM', 320: 'GTM', 324: 'GIN', 328: 'GUY', 332: 'HTI', 334: 'HMD', 336: 'VAT', 340: 'HND',
    344: 'HKG', 348: 'HUN', 352: 'ISL', 356: 'IND', 360: 'IDN', 364: 'IRN', 368: 'IRQ', 372: 'IRL',
    376: 'ISR', 380: 'ITA', 384: 'CIV', 388: 'JAM', 392: 'JPN', 398: 'KAZ', 400: 'JOR', 404: 'KEN',
    408: 'PRK', 410: 'KOR', 412: 'XKX', 414: 'KWT', 417: 'KGZ', 418: 'LAO', 422: 'LBN', 426: 'LSO',
    428: 'LVA', 430: 'LBR', 434: 'LBY', 438: 'LIE', 440: 'LTU', 442: 'LUX', 446: 'MAC', 450: 'MDG',
    454: 'MWI', 458: 'MYS', 462: 'MDV', 466: 'MLI', 470: 'MLT', 474: 'MTQ', 478: 'MRT', 480: 'MUS',
    484: 'MEX', 492: 'MCO', 496: 'MNG', 498: 'MDA', 499: 'MNE', 500: 'MSR', 504: 'MAR', 508: 'MOZ',
    512: 'OMN', 516: 'NAM', 520: 'NRU', 524: 'NPL', 528: 'NLD', 530: 'ANT', 531: 'CUW', 533: 'ABW',
    534: 'SXM', 535: 'BES', 540: 'NCL', 548: 'VUT', 554: 'NZL', 558: 'NIC', 562: 'NER', 566: 'NGA',
    570: 'NIU', 574: 'NFK', 578: 'NOR', 580: 'MNP', 581: 'UMI', 583: 'FSM', 584: 'MHL', 585: 'PLW',
    586: 'PAK', 591: 'PAN', 598: 'PNG', 600: 'PRY', 604: 'PER', 608: 'PHL', 612: 'PCN', 616: 'POL',
    620: 'PRT', 624: 'GNB', 626: 'TLS', 630: 'PRI', 634: 'QAT', 638: 'REU', 642: 'ROU', 643: 'RUS',
    646: 'RWA', 652: 'BLM', 654: 'SHN', 659: 'KNA', 660: 'AIA', 662: 'LCA', 663: 'MAF', 666: 'SPM',
    670: 'VCT', 674: 'SMR', 678: 'STP', 682: 'SAU', 686: 'SEN', 688: 'SRB', 690: 'SYC', 694: 'SLE',
    702: 'SGP', 703: 'SVK', 704: 'VNM', 705: 'SVN', 706: 'SOM', 710: 'ZAF', 716: 'ZWE', 724: 'ESP',
    728: 'SSD', 729: 'SDN', 732: 'ESH', 740: 'SUR', 744: 'SJM', 748: 'SWZ', 752: 'SWE', 756: 'CHE',
    760: 'SYR', 762: 'TJK', 764: 'THA', 768: 'TGO', 772: 'TKL', 776: 'TON', 780: 'TTO', 784: 'ARE',
    788: 'TUN', 792: 'TUR', 795: 'TKM', 796: 'TCA', 798: 'TUV', 800: 'UGA', 804: 'UKR', 807: 'MKD',
    810: 'SUN', 818: 'EGY', 826: 'GBR', 830: 'CHI', 831: 'GGY', 832: 'JEY', 833: 'IMN', 834: 'TZA',
    840: 'USA', 850: 'VIR', 854: 'BFA', 858: 'URY', 860: 'UZB', 862: 'VEN', 876: 'WLF', 882: 'WSM',
    887: 'YEM', 894: 'ZMB',
}

ISO2: dict[str, str] = {
    'AD': 'AND', 'AE': 'ARE', 'AF': 'AFG', 'AG': 'ATG', 'AI': 'AIA', 'AL': 'ALB', 'AM': 'ARM', 'AN': 'ANT',
    'AO': 'AGO', 'AQ': 'ATA', 'AR': 'ARG', 'AS': 'ASM', 'AT': 'AUT', 'AU': 'AUS', 'AW': 'ABW', 'AX': 'ALA',
    'AZ': 'AZE', 'BA': 'BIH', 'BB': 'BRB', 'BD': 'BGD', 'BE': 'BEL', 'BF': 'BFA', 'BG': 'BGR', 'BH': 'BHR',
    'BI': 'BDI', 'BJ': 'BEN', 'BL': 'BLM', 'BM': 'BMU', 'BN': 'BRN', 'BO': 'BOL', 'BQ': 'BES', 'BR': 'BRA',
    'BS': 'BHS', 'BT': 'BTN', 'BV': 'BVT', 'BW': 'BWA', 'BY': 'BLR', 'BZ': 'BLZ', 'CA': 'CAN', 'CC': 'CCK',
    'CD': 'COD', 'CF': 'CAF', 'CG': 'COG', 'CH': 'CHE', 'CI': 'CIV', 'CK': 'COK', 'CL': 'CHL', 'CM': 'CMR',
    'CN': 'CHN', 'CO': 'COL', 'CR': 'CRI', 'CU': 'CUB', 'CV': 'CPV', 'CW': 'CUW', 'CX': 'CXR', 'CY': 'CYP',
    'CZ': 'CZE', 'DE': 'DEU', 'DJ': 'DJI', 'DK': 'DNK', 'DM': 'DMA', 'DO': 'DOM', 'DZ': 'DZA', 'EC': 'ECU',
    'EE': 'EST', 'EG': 'EGY', 'EH': 'ESH', 'ER': 'ERI', 'ES': 'ESP', 'ET': 'ETH', 'FI': 'FIN', 'FJ': 'FJI',
    'FK': 'FLK', 'FM': 'FSM', 'FO': 'FRO', 'FR': 'FRA', 'GA': 'GAB', 'GB': 'GBR', 'GD': 'GRD', 'GE': 'GEO', 'GF': 'GUF',
    'GG': 'GGY', 'GH': 'GHA', 'GI': 'GIB', 'GL': 'GRL', 'GM': 'GMB', 'GN': 'GIN', 'GP': 'GLP', 'GQ': 'GNQ',
    'GR': 'GRC',
    'GS': 'SGS', 'GT': 'GTM', 'GU': 'GUM', 'GW': 'GNB', 'GY': 'GUY', 'HK': 'HKG', 'HM': 'HMD', 'HN': 'HND',
    'HR': 'HRV', 'HT': 'HTI', 'HU': 'HUN', 'ID': 'IDN', 'IE': 'IRL', 'IL': 'ISR', 'IM': 'IMN', 'IN': 'IND',
    'IO': 'IOT', 'IQ': 'IRQ', 'IR': 'IRN', 'IS': 'ISL', 'IT': 'ITA', 'JE': 'JEY', 'JM': 'JAM', 'JO': 'JOR',
    'JP': 'JPN', 'KE': 'KEN', 'KG': 'KGZ', 'KH': 'KHM', 'KI': 'KIR', 'KM': 'COM', 'KN': 'KNA', 'KP': 'PRK',
    'KR': 'KOR', 'KW': 'KWT', 'KY': 'CYM', 'KZ': 'KAZ', 'LA': 'LAO', 'LB': 'LBN', 'LC': 'LCA', 'LI': 'LIE',
    'LK': 'LKA', 'LR': 'LBR', 'LS': 'LSO', 'LT': 'LTU', 'LU': 'LUX', 'LV': 'LVA', 'LY': 'LBY', 'MA': 'MAR',
    'MC': 'MCO', 'MD': 'MDA', 'ME': 'MNE', 'MF': 'MAF', 'MG': 'MDG', 'MH': 'MHL', 'MK': 'MKD', 'ML': 'MLI',
    'MM': 'MMR', 'MN': 'MNG', 'MO': 'MAC', 'MP': 'MNP', 'MQ': 'MTQ', 'MR': 'MRT', 'MS': 'MSR', 'MT': 'MLT',
    'MU': 'MUS', 'MV': 'MDV', 'MW': 'MWI', 'MX': 'MEX', 'MY': 'MYS', 'MZ': 'MOZ', 'NA': 'NAM', 'NC': 'NCL',
    'NE': 'NER', 'NF': 'NFK', 'NG': 'NGA', 'NI': 'NIC', 'NL': 'NLD', 'NO': 'NOR', 'NP': 'NPL', 'NR': 'NRU',
    'NU': 'NIU', 'NZ': 'NZL', 'OM': 'OMN', 'PA': 'PAN', 'PE': 'PER', 'PF': 'PYF', 'PG': 'PNG', 'PH': 'PHL',
    'PK': 'PAK', 'PL': 'POL', 'PM': 'SPM', 'PN': 'PCN', 'PR': 'PRI', 'PS': 'PSE', 'PT': 'PRT', 'PW': 'PLW',
    'PY': 'PRY', 'QA': 'QAT', 'RE': 'REU', 'RO': 'ROU', 'RS': 'SRB', 'RU': 'RUS', 'RW': 'RWA', 'SA': 'SAU',
    'SB': 'SLB', 'SC': 'SYC', 'SD': 'SDN', 'SE': 'SWE', 'SG': 'SGP', 'SH': 'SHN', 'SI': 'SVN', 'SJ': 'SJM',
    'SK': 'SVK', 'SL': 'SLE', 'SM': 'SMR', 'SN': 'SEN', 'SO': 'SOM', 'SR': 'SUR', 'SS': 'SSD', 'ST': 'STP',
    'SU': 'SUN', 'SV': 'SLV', 'SX': 'SXM', 'SY': 'SYR', 'SZ': 'SWZ', 'TC': 'TCA', 'TD': 'TCD', 'TF': 'ATF',
    'TG': 'TGO', 'TH': 'THA', 'TJ': 'TJK', 'TK': 'TKL', 'TL': 'TLS', 'TM': 'TKM', 'TN': 'TUN', 'TO': 'TON',
    'TR': 'TUR', 'TT': 'TTO', 'TV': 'TUV', 'TW': 'TWN', 'TZ': 'TZA', 'UA': 'UKR', 'UG': 'UGA', 'UM': 'UMI',
    'US': 'USA', 'UY': 'URY', 'UZ': 'UZB', 'VA': 'VAT', 'VC': 'VCT', 'VE': 'VEN', 'VG': 'VGB', 'VI': 'VIR',
    'VN': 'VNM', 'VU': 'VUT', 'WF': 'WLF', 'WS': 'WSM', 'XK': 'XKX', 'YE': 'YEM', 'YT': 'MYT', 'ZA': 'ZAF',
    'ZM': 'ZMB', 'ZW': 'ZWE',
}

#: Reporting areas of trade statistics that are not ISO 3166 numeric codes.
TRADE_SPECIAL_M49: dict[int, str] = {
    0: "WLD",  # World
    58: "BLX",  # Belgium-Luxembourg (before 1999)
    251: "FRA",  # France, incl. Monaco
    280: "DEU",  # Fed. Rep. of Germany (before 1991)
    381: "ITA",  # Italy, incl. San Marino
    490: "TWN",  # Other Asia, n.e.s. (Taiwan)
    579: "NOR",  # Norway, incl. Svalbard and Jan Mayen
    699: "IND",  # India, excl. Sikkim (before 1975)
    711: "ZAF",  # Southern African Customs Union (before 2000)
    736: "SDN",  # Sudan (before 2012)
    757: "CHE",  # Switzerland, incl. Liechtenstein
    842: "USA",  # USA, incl. Puerto Rico and US Virgin Islands
    891: "SCG",  # Serbia and Montenegro
}


def m49_to_iso3(code: int | str) -> str | None:
    """ISO3 for a UN M49 / trade-area code, or ``None`` when the code is unknown."""
    try:
        n = int(str(code).strip())
    except ValueError:
        return None
    return TRADE_SPECIAL_M49.get(n) or ISO_NUMERIC.get(n)


def iso2_to_iso3(code: str) -> str | None:
    """ISO3 for an ISO 3166 alpha-2 code, or ``None`` when unknown."""
    return ISO2.get(str(code).strip().upper())
