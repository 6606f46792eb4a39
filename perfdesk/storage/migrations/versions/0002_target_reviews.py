"""target reviews (绩效目标审核)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('target_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.String(length=36), nullable=False),
    sa.Column('checklist', sa.Text(), nullable=False),
    sa.Column('scores', sa.Text(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('total', sa.String(length=16), nullable=False),
    sa.Column('grade', sa.String(length=16), nullable=False),
    sa.Column('reviewer', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'final')", name=op.f('ck_target_reviews_status')),
    sa.ForeignKeyConstraint(['document_id'], ['form_documents.id'], name=op.f('fk_target_reviews_document_id_form_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_reviews'))
    )
    with op.batch_alter_table('target_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_reviews_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('target_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_reviews_document_id'))

    op.drop_table('target_reviews')
