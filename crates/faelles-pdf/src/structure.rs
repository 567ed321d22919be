//! The document's logical structure, built by the layout as it places text: an arena of
//! structure elements (H1/H2, P, L/LI/Lbl/LBody, Table/THead/TBody/TR/TH/TD) in reading
//! order. Every drawn item is marked either as content of one element or as an artifact
//! (page header and footer, repeated table headers, rules and fills); the drawing pass
//! turns the marks into marked content and this tree into the PDF's tag tree.

use std::num::NonZeroU16;

use krilla::tagging::{
    ArtifactType, Identifier, ListNumbering, Node as TagNode, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};

/// Index of a structure element in [`Tree::nodes`].
pub(crate) type NodeId = usize;

/// The role of a structure element. Leaf roles (headings, P, Lbl, LBody, TH, TD) hold
/// only content; group roles hold only other elements.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Role {
    Document,
    /// A heading with its level (1 = the document title) and its text (the `/T` entry).
    Heading(u16, String),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    /// A chart, with its text alternative.
    Figure(String),
}

/// What kind of artifact (not part of the text) an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Art {
    /// Page header: document title, UDKAST banner, the rule under them.
    Header,
    /// Page footer: team name, "Side X af Y", the rule above them.
    Footer,
    /// A table header repeated on a continuation page.
    Pagination,
    /// Rules, cell borders and fills.
    Layout,
}

impl Art {
    pub(crate) fn kind(self) -> ArtifactType {
        match self {
            Art::Header => ArtifactType::Header,
            Art::Footer => ArtifactType::Footer,
            Art::Pagination => ArtifactType::PaginationOther,
            Art::Layout => ArtifactType::Layout,
        }
    }
}

/// How a drawn item is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Content(NodeId),
    Artifact(Art),
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) role: Role,
    children: Vec<NodeId>,
}

/// The structure elements; node 0 is the document.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
}

pub(crate) const ROOT: NodeId = 0;

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node {
                role: Role::Document,
                children: Vec::new(),
            }],
        }
    }
}

impl Tree {
    /// Add an element as the last child of `parent`.
    pub(crate) fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }

    /// The heading level and title of `node`, if it is a heading.
    pub(crate) fn heading(&self, node: NodeId) -> Option<(u16, &str)> {
        match &self.nodes.get(node)?.role {
            Role::Heading(level, title) => Some((*level, title)),
            _ => None,
        }
    }

    /// The tag tree, given the marked-content identifiers drawn for each element (in
    /// drawing order, which is reading order). Elements with no content are left out.
    pub(crate) fn tag_tree(&self, mut leaves: Vec<Vec<Identifier>>, lang: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
        for child in self.nodes[ROOT].children.clone() {
            if let Some(node) = self.group(child, &mut leaves) {
                tree.push(node);
            }
        }
        tree
    }

    fn group(&self, id: NodeId, leaves: &mut [Vec<Identifier>]) -> Option<TagNode> {
        let node = &self.nodes[id];
        let mut children: Vec<TagNode> = leaves
            .get_mut(id)
            .map(std::mem::take)
            .unwrap_or_default()
            .into_iter()
            .map(TagNode::Leaf)
            .collect();
        for &child in &node.children {
            if let Some(c) = self.group(child, leaves) {
                children.push(c);
            }
        }
        if children.is_empty() {
            return None;
        }
        let kind: TagKind = match &node.role {
            Role::Document => return None,
            Role::Heading(level, title) => {
                let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                Tag::Hn(level, Some(title.clone())).into()
            }
            Role::P => Tag::P.into(),
            Role::L => Tag::L(ListNumbering::Disc).into(),
            Role::LI => Tag::LI.into(),
            Role::Lbl => Tag::Lbl.into(),
            Role::LBody => Tag::LBody.into(),
            Role::Table => Tag::Table.into(),
            Role::THead => Tag::THead.into(),
            Role::TBody => Tag::TBody.into(),
            Role::TR => Tag::TR.into(),
            Role::TH => Tag::TH(TableHeaderScope::Column).into(),
            Role::TD => Tag::TD.into(),
            Role::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        };
        Some(TagGroup::with_children(kind, children).into())
    }
}
