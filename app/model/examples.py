"""Answers from the seed, shown as the API docs' examples (tests/test_i18n.py checks each is what
the API answers on the seed, so they cannot drift)."""

from __future__ import annotations

from typing import Any

# GET /api/v1/documents/km-party-led-property-services-opinion/lineage
LINEAGE: dict[str, Any] = {
    "document": {
        "id": "km-party-led-property-services-opinion",
        "kind": "document",
        "title": "关于全面加强党建引领社区物业服务工作的意见(试行)",
        "name": None,
        "title_en": "Opinions on Comprehensively Strengthening Party-Led Community Property Services "
        "(Trial) (translation)",
        "tier": "unknown",
        "status": "issued",
        "certainty": "stated",
        "in_force": None,
    },
    "ancestors": [
        {
            "id": "km-topic-party-led-property-services",
            "kind": "topic",
            "title": None,
            "name": "加强党建引领社区物业服务",
            "title_en": None,
            "tier": None,
            "status": None,
            "certainty": "inferred",
            "in_force": None,
            "distance": 1,
            "relation": "structure",
            "path": None,
        },
        {
            "id": "km-base-party-building",
            "kind": "document",
            "title": "关于全面加强城市基层党建工作的意见",
            "name": None,
            "title_en": "Opinions on Comprehensively Strengthening Urban Grassroots Party Building (translation)",
            "tier": "base",
            "status": "unknown",
            "certainty": "inferred",
            "in_force": None,
            "distance": 2,
            "relation": "structure",
            "path": None,
        },
        {
            "id": "km-guiding-plan",
            "kind": "document",
            "title": "关于创新社会治理加强基层建设规划纲要(2018—2035年)",
            "name": None,
            "title_en": "Outline Plan on Innovating Social Governance and Strengthening Grassroots "
            "Development (2018-2035) (translation)",
            "tier": "guiding",
            "status": "unknown",
            "certainty": "inferred",
            "in_force": None,
            "distance": 2,
            "relation": "structure",
            "path": None,
        },
    ],
    "pillars": [{"key": "party-leadership", "name": "党委领导", "name_en": "Party committee leadership", "order": 1}],
    "guiding": [
        {
            "id": "km-guiding-plan",
            "kind": "document",
            "title": "关于创新社会治理加强基层建设规划纲要(2018—2035年)",
            "name": None,
            "title_en": "Outline Plan on Innovating Social Governance and Strengthening Grassroots "
            "Development (2018-2035) (translation)",
            "tier": "guiding",
            "status": "unknown",
            "certainty": "inferred",
            "in_force": None,
            "distance": 2,
            "relation": "structure",
            "path": None,
        }
    ],
}

# GET /api/v1/documents/km-base-party-building/dependents?limit=2
DEPENDENTS: dict[str, Any] = {
    "document": {
        "id": "km-base-party-building",
        "kind": "document",
        "title": "关于全面加强城市基层党建工作的意见",
        "name": None,
        "title_en": "Opinions on Comprehensively Strengthening Urban Grassroots Party Building (translation)",
        "tier": "base",
        "status": "unknown",
        "certainty": "stated",
        "in_force": None,
    },
    "items": [
        {
            "id": "km-topic-party-led-property-services",
            "kind": "topic",
            "title": None,
            "name": "加强党建引领社区物业服务",
            "title_en": None,
            "tier": None,
            "status": None,
            "certainty": "stated",
            "in_force": None,
            "distance": 1,
            "relation": "structure",
            "path": None,
        },
        {
            "id": "km-topic-residential-compound-party-building",
            "kind": "topic",
            "title": None,
            "name": "开展居民小区党建",
            "title_en": None,
            "tier": None,
            "status": None,
            "certainty": "stated",
            "in_force": None,
            "distance": 1,
            "relation": "structure",
            "path": None,
        },
    ],
    "total": 4,
}

# GET /api/v1/pillars/party-leadership/dependents?limit=2
PILLAR_DEPENDENTS: dict[str, Any] = {
    "pillar": {"key": "party-leadership", "name": "党委领导", "name_en": "Party committee leadership", "order": 1},
    "base_document": {
        "id": "km-base-party-building",
        "kind": "document",
        "title": "关于全面加强城市基层党建工作的意见",
        "name": None,
        "title_en": "Opinions on Comprehensively Strengthening Urban Grassroots Party Building (translation)",
        "tier": "base",
        "status": "unknown",
        "certainty": "stated",
        "in_force": None,
    },
    "items": [
        {
            "id": "km-topic-party-led-property-services",
            "kind": "topic",
            "title": None,
            "name": "加强党建引领社区物业服务",
            "title_en": None,
            "tier": None,
            "status": None,
            "certainty": "stated",
            "in_force": None,
            "distance": 1,
            "relation": "structure",
            "path": None,
        },
        {
            "id": "km-topic-residential-compound-party-building",
            "kind": "topic",
            "title": None,
            "name": "开展居民小区党建",
            "title_en": None,
            "tier": None,
            "status": None,
            "certainty": "stated",
            "in_force": None,
            "distance": 1,
            "relation": "structure",
            "path": None,
        },
    ],
    "total": 4,
}
